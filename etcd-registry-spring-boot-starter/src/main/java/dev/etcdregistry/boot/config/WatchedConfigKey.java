package dev.etcdregistry.boot.config;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.ApplicationEventPublisher;

import dev.etcdregistry.config.ConfigChange;
import dev.etcdregistry.config.ConfigChangeEvent;
import dev.etcdregistry.config.ConfigEntry;
import dev.etcdregistry.config.ConfigSnapshot;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;

/**
 * One etcd key watched for every member bound to it. Values are applied under one lock, so a
 * member bound while a change arrives never ends up with the older value.
 */
final class WatchedConfigKey implements AutoCloseable {

	private final String key;

	private final ConfigValueConverter converter;

	private final ApplicationEventPublisher publisher;

	private final List<ConfigValueBinding> bindings = new CopyOnWriteArrayList<>();

	private final Object lock = new Object();

	private ConfigWatch watch;

	private boolean initialized;

	private String value;

	private long revision;

	/** Where applied values are saved; may be {@code null}. */
	private final LocalConfigSnapshot localSnapshot;

	WatchedConfigKey(String key, ConfigValueConverter converter, ApplicationEventPublisher publisher,
			LocalConfigSnapshot localSnapshot) {
		this.key = key;
		this.converter = converter;
		this.publisher = publisher;
		this.localSnapshot = localSnapshot;
	}

	/** Reads the key and watches it from the revision after the read. */
	WatchedConfigKey start(ConfigStore store) {
		ConfigWatch started = store.watch(this.key, this::onChange);
		synchronized (this.lock) {
			this.watch = started;
			if (!this.initialized) {
				// no change arrived yet: the watch's first read is the current value
				this.value = started.value(this.key).orElse(null);
				this.revision = started.revision();
				this.initialized = true;
			}
			save();
		}
		return this;
	}

	/**
	 * Starts from the value saved at {@code saved.revision()} without waiting for etcd; the watch
	 * resumes after that revision, so a change made since arrives as a change.
	 */
	WatchedConfigKey startFrom(ConfigStore store, ConfigSnapshotFile.Key saved, long clusterId) {
		Map<String, ConfigEntry> entries = (saved.value() != null)
				? Map.of(this.key, new ConfigEntry(this.key, saved.value(), 0, saved.revision(), 0)) : Map.of();
		synchronized (this.lock) {
			this.value = saved.value();
			this.revision = saved.revision();
			this.initialized = true;
			this.watch = store.resumeWatch(this.key, false, new ConfigSnapshot(saved.revision(), entries), clusterId,
					false, this::onChange);
		}
		return this;
	}

	/** Starts without a value; the first read is retried in the background and applied as a change. */
	WatchedConfigKey startInBackground(ConfigStore store) {
		ConfigWatch started = store.watchInBackground(this.key, false, this::onChange);
		synchronized (this.lock) {
			this.watch = started;
		}
		return this;
	}

	/** Whether the key's value is known (read from etcd or the local snapshot). */
	boolean isKnown() {
		synchronized (this.lock) {
			return this.initialized;
		}
	}

	private void save() {
		if (this.localSnapshot != null && this.watch != null && this.watch.clusterId() != 0) {
			this.localSnapshot.updateKey(this.key, this.value, this.revision, this.watch.clusterId());
		}
	}

	void bind(ConfigValueBinding binding) {
		synchronized (this.lock) {
			this.bindings.removeIf((existing) -> existing.bean() == null);
			this.bindings.add(binding);
			binding.applyInitial(this.value, this.converter, this.publisher);
		}
	}

	void unbind(Object bean) {
		this.bindings.removeIf((binding) -> binding.bean() == bean);
	}

	private void onChange(ConfigChangeEvent event) {
		ConfigChange change = event.changes().stream().filter((c) -> c.key().equals(this.key)).reduce((a, b) -> b)
			.orElse(null);
		if (change == null) {
			return;
		}
		synchronized (this.lock) {
			this.initialized = true;
			this.value = change.newValue();
			this.revision = event.revision();
			this.bindings.removeIf((binding) -> binding.bean() == null);
			for (ConfigValueBinding binding : this.bindings) {
				binding.applyChange(this.value, this.converter, this.publisher);
			}
			save();
		}
	}

	List<EtcdConfigWatches.WatchedKey> describe() {
		synchronized (this.lock) {
			return this.bindings.stream()
				.filter((binding) -> binding.bean() != null)
				.map((binding) -> new EtcdConfigWatches.WatchedKey(this.key, binding.origin(),
						(this.value != null) ? this.revision : 0, this.value))
				.toList();
		}
	}

	@Override
	public void close() {
		ConfigWatch toClose;
		synchronized (this.lock) {
			toClose = this.watch;
			this.watch = null;
		}
		if (toClose != null) {
			toClose.close();
		}
	}

}
