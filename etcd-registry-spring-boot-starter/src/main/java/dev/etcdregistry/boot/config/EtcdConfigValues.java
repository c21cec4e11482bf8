package dev.etcdregistry.boot.config;

import dev.etcdregistry.boot.connection.SensitiveKeys;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.convert.ConversionService;
import tools.jackson.databind.json.JsonMapper;

import dev.etcdregistry.config.ConfigStore;

/**
 * Keeps {@link dev.etcdregistry.boot.annotation.EtcdConfigValue @EtcdConfigValue} members
 * current: one etcd watch per distinct key, shared by every member bound to it, started when
 * the first bean using the key is initialized and closed with the application context.
 *
 * <p>Define a bean of this type to replace the auto-configured one (for example to use
 * another {@link ConfigStore}).
 */
class EtcdConfigValues implements EtcdConfigWatches, ApplicationListener<ContextRefreshedEvent>, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(EtcdConfigValues.class);

	private final SensitiveKeys sensitiveKeys;

	private final ConfigStore store;

	private final ConfigValueConverter converter;

	private final DeferredEventPublisher publisher;

	private final Map<String, WatchedConfigKey> keys = new ConcurrentHashMap<>();

	private final Set<String> warnedMembers = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	private volatile boolean offline;

	private volatile LocalConfigSnapshot localSnapshot;

	/**
	 * Creates the registry.
	 * @param store where the keys are read and watched
	 * @param conversionService converts values to member types
	 * @param jsonMapper reads JSON values into types the conversion service does not handle
	 * @param publisher publishes {@link EtcdConfigValueRejectedEvent}s (those of values rejected
	 * while beans are initialized once the context is refreshed)
	 */
	public EtcdConfigValues(ConfigStore store, ConversionService conversionService, JsonMapper jsonMapper,
			ApplicationEventPublisher publisher) {
		this(store, conversionService, jsonMapper, publisher, SensitiveKeys.defaults());
	}

	/**
	 * Creates the registry.
	 * @param store where the keys are read and watched
	 * @param conversionService converts values to member types
	 * @param jsonMapper reads JSON values into types the conversion service does not handle
	 * @param publisher publishes {@link EtcdConfigValueRejectedEvent}s
	 * @param sensitiveKeys which keys' values are masked in logs and events
	 */
	public EtcdConfigValues(ConfigStore store, ConversionService conversionService, JsonMapper jsonMapper,
			ApplicationEventPublisher publisher, SensitiveKeys sensitiveKeys) {
		this.sensitiveKeys = sensitiveKeys;
		this.store = store;
		this.converter = new ConfigValueConverter(conversionService, jsonMapper);
		this.publisher = new DeferredEventPublisher(publisher);
	}

	/**
	 * How watches start: {@code offline} when etcd did not answer at startup and need not
	 * ({@code etcd.fail-fast=false}), in which case values come from {@code localSnapshot}
	 * (may be {@code null}) and watches read in the background; applied values are saved to
	 * {@code localSnapshot} either way.
	 */
	void startup(boolean offline, LocalConfigSnapshot localSnapshot) {
		this.offline = offline;
		this.localSnapshot = localSnapshot;
	}

	/** Binds a member of a bean to a key and applies the key's current value (or default). */
	void bind(Object bean, ConfigValueMember member, String key, String defaultValue, boolean required) {
		if (this.closed) {
			throw new IllegalStateException("Cannot bind " + member.describe() + " to etcd key '" + key
					+ "': the application context is closing");
		}
		if (!member.isVolatile() && this.warnedMembers.add(member.describe())) {
			logger.warn("@EtcdConfigValue field {} is not volatile: threads other than the one applying etcd changes "
					+ "may not see new values of '{}'; declare it volatile", member.describe(), key);
		}
		WatchedConfigKey watched = this.keys.get(key);
		if (watched == null) {
			// the first read happens here, outside the map: a compute would hold a bin of it (and
			// destroy()'s clear) for as long as etcd takes to answer
			WatchedConfigKey started = startWatch(key);
			watched = this.keys.putIfAbsent(key, started);
			if (watched == null) {
				watched = started;
			}
			else {
				started.close(); // another bean's bind started the same key first
			}
		}
		if (this.closed) {
			// destroy() ran while this watch was being started: it must not outlive the context
			watched.close();
			return;
		}
		if (required && defaultValue == null && !watched.isKnown()) {
			throw new IllegalStateException("etcd key '" + key + "' required by @EtcdConfigValue " + member.describe()
					+ " has no value to start from: etcd did not answer at startup (etcd.fail-fast=false) and "
					+ ((this.localSnapshot != null) ? "the local snapshot " + this.localSnapshot.path() + " does not hold "
							+ "it" : "no local snapshot is kept (etcd.config.snapshot.enabled=false)")
					+ "; give it a defaultValue, or set etcd.config.snapshot.enabled=true so that a run with etcd up "
					+ "saves it");
		}
		watched.bind(new ConfigValueBinding(bean, member, key, defaultValue, required, this.sensitiveKeys));
	}

	private WatchedConfigKey startWatch(String key) {
		LocalConfigSnapshot snapshot = this.localSnapshot;
		WatchedConfigKey watched = new WatchedConfigKey(key, this.converter, this.publisher, snapshot);
		if (!this.offline) {
			return watched.start(this.store);
		}
		ConfigSnapshotFile.Key saved = (snapshot != null) ? snapshot.key(key).orElse(null) : null;
		if (saved == null) {
			return watched.startInBackground(this.store);
		}
		snapshot.use("etcd did not answer at startup for @EtcdConfigValue keys").ifPresent(logger::warn);
		snapshot.usedEvent(this).ifPresent(this.publisher::publishEvent);
		return watched.startFrom(this.store, saved, snapshot.savedClusterId());
	}

	/** Stops updating the members of a bean that is destroyed. */
	void unbind(Object bean) {
		this.keys.values().forEach((watched) -> watched.unbind(bean));
	}

	@Override
	public List<WatchedKey> watchedKeys() {
		List<WatchedKey> result = new ArrayList<>();
		this.keys.values().forEach((watched) -> result.addAll(watched.describe()));
		result.sort(Comparator.comparing(WatchedKey::key).thenComparing(WatchedKey::origin));
		return result;
	}

	@Override
	public void onApplicationEvent(ContextRefreshedEvent event) {
		this.publisher.release();
	}

	@Override
	public void destroy() {
		this.closed = true;
		this.keys.values().forEach(WatchedConfigKey::close);
		this.keys.clear();
	}

}
