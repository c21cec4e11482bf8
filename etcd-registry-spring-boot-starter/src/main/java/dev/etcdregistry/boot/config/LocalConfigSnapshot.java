package dev.etcdregistry.boot.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.etcdregistry.boot.config.ConfigSnapshotFile.Content;
import dev.etcdregistry.boot.config.ConfigSnapshotFile.Key;
import dev.etcdregistry.boot.config.ConfigSnapshotFile.Section;
import dev.etcdregistry.boot.connection.EtcdProperties;
import dev.etcdregistry.boot.connection.SensitiveKeys;

/**
 * The config this application last saw in etcd, kept on disk so that it can start while etcd
 * is down ({@code etcd.fail-fast=false}). The import watcher and the {@code @EtcdConfigValue}
 * watches report every value they apply; the file is rewritten each time (never logging a
 * value, leaving out sensitive keys unless asked). At startup it is read at most once; a file
 * that cannot be read or belongs to another namespace is reported once and treated as absent.
 *
 * <p>Slightly over 250 lines on purpose: the two writers (the import, the {@code @EtcdConfigValue}
 * keys) share one lock and one in-memory copy of the file; the file format itself already lives
 * in {@link ConfigSnapshotFile}.
 */
final class LocalConfigSnapshot {

	static final String BEAN_NAME = "etcdLocalConfigSnapshot";

	/** A deferred log while the Environment is prepared (Boot drops earlier log lines), then the real one. */
	private final Log logger;

	private final ConfigSnapshotFile file;

	private final String namespace;

	private final SensitiveKeys sensitiveKeys;

	private final boolean includeSensitive;

	private final Map<String, Section> imports = new TreeMap<>();

	private final Map<String, Key> keys = new TreeMap<>();

	private final AtomicBoolean used = new AtomicBoolean();

	private final AtomicBoolean announced = new AtomicBoolean();

	private Content loaded;

	private boolean loadAttempted;

	/** Why the file was ignored, if it was. */
	private String problem;

	private long clusterId;

	LocalConfigSnapshot(Path path, String namespace, SensitiveKeys sensitiveKeys, boolean includeSensitive, Log log) {
		this.logger = log;
		this.file = new ConfigSnapshotFile(path);
		this.namespace = (namespace != null) ? namespace : "";
		this.sensitiveKeys = sensitiveKeys;
		this.includeSensitive = includeSensitive;
	}

	/** The snapshot configured by {@code etcd.config.snapshot.*}, or {@code null} when it is off. */
	static LocalConfigSnapshot of(EtcdProperties properties, EtcdConfigProperties config, String applicationName) {
		return of(properties, config, applicationName, LogFactory.getLog(LocalConfigSnapshot.class));
	}

	static LocalConfigSnapshot of(EtcdProperties properties, EtcdConfigProperties config, String applicationName,
			Log log) {
		EtcdConfigProperties.Snapshot snapshot = config.getSnapshot();
		if (!snapshot.isEnabled()) {
			return null;
		}
		return new LocalConfigSnapshot(path(snapshot.getPath(), applicationName), properties.getNamespace(),
				new SensitiveKeys(properties.getSensitiveKeys()), snapshot.isIncludeSensitive(), log);
	}

	static Path path(String configured, String applicationName) {
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured.strip());
		}
		String name = (applicationName != null && !applicationName.isBlank()) ? applicationName.strip() : "application";
		return Path.of(".etcd-registry", name.replaceAll("[^A-Za-z0-9._-]", "_") + "-config-snapshot.json");
	}

	Path path() {
		return this.file.path();
	}

	/** The saved keys of an import root, if the file has them. */
	synchronized Optional<Section> importSection(String root) {
		return Optional.ofNullable(load()).map((content) -> content.imports().get(root));
	}

	/** Why the file is not used although it exists (unreadable, another namespace). */
	synchronized Optional<String> problem() {
		load();
		return Optional.ofNullable(this.problem);
	}

	/** The saved state of an {@code @EtcdConfigValue} key, if the file has it. */
	synchronized Optional<Key> key(String key) {
		return Optional.ofNullable(load()).map((content) -> content.keys().get(key));
	}

	/** The cluster the saved values come from (0 without a file). */
	synchronized long savedClusterId() {
		Content content = load();
		return (content != null) ? Long.parseUnsignedLong(content.clusterId(), 16) : 0;
	}

	/**
	 * Marks the snapshot as used for this start.
	 * @param why why etcd could not be read
	 * @return the one line to log about it, only on the first call
	 */
	synchronized Optional<String> use(String why) {
		Content content = load();
		if (content == null || !this.used.compareAndSet(false, true)) {
			return Optional.empty();
		}
		int omitted = content.imports().values().stream().mapToInt(Section::omittedSensitive).sum();
		return Optional.of(why + "; starting from the local config snapshot " + path() + " (etcd revision "
				+ content.revision() + ", written " + age(content).toSeconds() + " s ago" + ((omitted > 0) ? ", without "
						+ omitted + " sensitive key(s)" : "") + "); changes made since are applied once etcd answers");
	}

	/** The event telling that this start used the snapshot, once; empty if it did not (yet). */
	synchronized Optional<EtcdConfigSnapshotUsedEvent> usedEvent(Object source) {
		if (!this.used.get() || !this.announced.compareAndSet(false, true)) {
			return Optional.empty();
		}
		return Optional.of(new EtcdConfigSnapshotUsedEvent(source, path(), this.loaded.revision(),
				writtenAt(this.loaded)));
	}

	/** Saves what the import watch holds for {@code root}, keeping only the keys under {@code contexts}. */
	synchronized void updateImport(String root, Iterable<String> contexts, long revision, long clusterId,
			Map<String, String> values) {
		Map<String, String> kept = new TreeMap<>();
		int omitted = 0;
		for (Map.Entry<String, String> entry : values.entrySet()) {
			if (!under(entry.getKey(), contexts)) {
				continue;
			}
			if (isLeftOut(entry.getKey())) {
				omitted++;
			}
			else {
				kept.put(entry.getKey(), entry.getValue());
			}
		}
		load();
		this.imports.put(root, new Section(revision, omitted, kept));
		save(clusterId);
	}

	/** Saves an {@code @EtcdConfigValue} key's value ({@code null}: absent) at {@code revision}. */
	synchronized void updateKey(String key, String value, long revision, long clusterId) {
		load();
		if (isLeftOut(key)) {
			if (this.keys.remove(key) != null) {
				save(clusterId);
			}
			return;
		}
		this.keys.put(key, new Key(revision, value));
		save(clusterId);
	}

	private boolean isLeftOut(String key) {
		return !this.includeSensitive && this.sensitiveKeys.isSensitive(key);
	}

	private static boolean under(String key, Iterable<String> contexts) {
		for (String context : contexts) {
			if (key.startsWith(context)) {
				return true;
			}
		}
		return false;
	}

	private void save(long clusterId) {
		if (clusterId != 0) {
			this.clusterId = clusterId;
		}
		long revision = Math.max(this.imports.values().stream().mapToLong(Section::revision).max().orElse(0),
				this.keys.values().stream().mapToLong(Key::revision).max().orElse(0));
		Content content = new Content(ConfigSnapshotFile.FORMAT, this.namespace, Long.toHexString(this.clusterId),
				revision, Instant.now().toString(), new LinkedHashMap<>(this.imports), new LinkedHashMap<>(this.keys));
		try {
			this.file.write(content);
		}
		catch (IOException | RuntimeException ex) {
			this.logger.warn("Could not write the local config snapshot " + path() + " (" + ex
					+ "); the previous one, if any, stays");
		}
	}

	/** Reads the file once; what it holds seeds what later writes keep. */
	private Content load() {
		if (this.loadAttempted) {
			return this.loaded;
		}
		this.loadAttempted = true;
		if (!this.file.exists()) {
			return null;
		}
		try {
			Content content = this.file.read();
			if (!this.namespace.equals(content.namespace())) {
				this.problem = "it holds etcd namespace '" + content.namespace() + "'";
				this.logger.warn("Ignoring the local config snapshot " + path() + ": it holds etcd namespace '"
						+ content.namespace() + "', not '" + this.namespace + "'");
				return null;
			}
			this.loaded = content;
			this.clusterId = Long.parseUnsignedLong(content.clusterId(), 16);
			if (content.imports() != null) {
				this.imports.putAll(content.imports());
			}
			if (content.keys() != null) {
				this.keys.putAll(content.keys());
			}
		}
		catch (IOException | RuntimeException ex) {
			this.problem = "it cannot be read: " + ex.getMessage();
			this.logger.warn("Ignoring the local config snapshot " + path() + ": it cannot be read ("
					+ ex.getMessage() + "); it is rewritten once etcd answers");
			this.loaded = null;
			this.imports.clear();
			this.keys.clear();
		}
		return this.loaded;
	}

	private static Instant writtenAt(Content content) {
		try {
			return Instant.parse(content.writtenAt());
		}
		catch (DateTimeParseException | NullPointerException ex) {
			return Instant.EPOCH;
		}
	}

	private static Duration age(Content content) {
		return Duration.between(writtenAt(content), Instant.now());
	}

}
