package dev.etcdregistry.boot.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.boot.config.EtcdConfigWatches.WatchedKey;

/**
 * Applies the values of one etcd revision to the {@code etcd:} property sources and what
 * depends on them: every {@code @ConfigurationProperties} type dry-run bound first (a value that
 * does not convert holds the whole revision back), then the beans rebound, one
 * {@link EtcdConfigChangedEvent} and an {@link EtcdConfigDocumentRejectedEvent} per document
 * that did not parse. The {@link EtcdConfigImportWatcher} decides when; this class what.
 */
final class ImportedChanges {

	private static final Logger logger = LoggerFactory.getLogger(ImportedChanges.class);

	private final List<EtcdPropertySource> sources;

	private final ConfigurableApplicationContext context;

	private final PropertiesRebinder rebinder;

	ImportedChanges(List<EtcdPropertySource> sources, ConfigurableApplicationContext context,
			PropertiesRebinder rebinder) {
		this.sources = sources;
		this.context = context;
		this.rebinder = rebinder;
	}

	/** Once the context runs: listeners exist, documents rejected by the import's read are reported. */
	void started() {
		this.rebinder.started();
		publishRejectedDocuments();
	}

	/** The key prefixes and document keys of every imported source: all the application reads and watches. */
	List<String> contexts() {
		Set<String> contexts = new LinkedHashSet<>();
		this.sources.forEach((source) -> contexts.addAll(source.contexts()));
		return List.copyOf(contexts);
	}

	/** Updates the sources in place without rebinding (a refresh that is about to rebind itself). */
	void updateOnly(Map<String, String> values) {
		this.sources.forEach((source) -> source.update(values));
	}

	/**
	 * @param etcdKeys the keys the revision changed, or {@code null} to work them out
	 * @return whether the values are now those of the property sources (false: rejected)
	 */
	boolean apply(long revision, Set<String> etcdKeys, Map<String, String> values) {
		Map<EtcdPropertySource, Object[]> before = new HashMap<>();
		Set<String> names = new HashSet<>();
		for (EtcdPropertySource source : this.sources) {
			before.put(source, source.state());
			names.addAll(source.update(values));
		}
		publishRejectedDocuments();
		if (names.isEmpty()) {
			return true;
		}
		Map<String, ConfigurationPropertiesBean> beans = this.rebinder.beans();
		Optional<String> problem = this.rebinder.check(beans);
		if (problem.isPresent()) {
			before.forEach(EtcdPropertySource::restore);
			logger.warn("etcd revision {} not applied to the imported properties {}: {}; they keep their previous "
					+ "values until the keys hold values that convert", revision, names, problem.get());
			return false;
		}
		Set<String> keys = (etcdKeys != null) ? etcdKeys : keysOf(names);
		logger.info("etcd revision {} changed {} imported propert{} {}", revision, names.size(),
				(names.size() == 1) ? "y" : "ies", names);
		this.rebinder.rebind(names, beans);
		this.context.publishEvent(new EtcdConfigChangedEvent(this.context, revision, keys, names));
		return true;
	}

	private void publishRejectedDocuments() {
		for (EtcdPropertySource source : this.sources) {
			source.drainRejections()
				.forEach((rejection) -> this.context.publishEvent(new EtcdConfigDocumentRejectedEvent(this.context,
						rejection)));
		}
	}

	private Set<String> keysOf(Set<String> names) {
		Set<String> keys = new HashSet<>();
		for (EtcdPropertySource source : this.sources) {
			names.stream().map(source.keys()::get).filter(Objects::nonNull).forEach(keys::add);
		}
		return keys;
	}

	/** Every imported property with its key, as of {@code revision}. */
	List<WatchedKey> watchedKeys(long revision) {
		List<WatchedKey> keys = new ArrayList<>();
		for (EtcdPropertySource source : this.sources) {
			source.keys().forEach((name, key) -> keys.add(new WatchedKey(key, "spring.config.import " + name,
					revision, (String) source.getProperty(name))));
		}
		return keys;
	}

}
