package dev.etcdregistry.config.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigChange;
import dev.etcdregistry.config.ConfigChangeEvent;
import dev.etcdregistry.config.ConfigListener;
import dev.etcdregistry.config.ConfigSnapshot;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.internal.KeyMirror;

/**
 * A {@link ConfigWatch} on a {@link KeyMirror}: the mirror keeps the values and survives
 * reconnects and compaction; this class turns its updates into config events.
 */
final class MirroredConfigWatch implements ConfigWatch {

	private final KeyMirror mirror;

	private final ConfigListener listener;

	MirroredConfigWatch(EtcdConnection connection, String key, boolean prefix, ConfigListener listener) {
		this.listener = listener;
		this.mirror = new KeyMirror(connection, key, prefix, false, this::onUpdate, listener);
	}

	MirroredConfigWatch start() {
		this.mirror.start();
		return this;
	}

	MirroredConfigWatch startInBackground() {
		this.mirror.startInBackground();
		return this;
	}

	MirroredConfigWatch startFrom(ConfigSnapshot from, long clusterId, boolean reread) {
		Map<String, KeyMirror.Entry> values = new HashMap<>();
		from.entries()
			.forEach((key, entry) -> values.put(key, new KeyMirror.Entry(entry.value().getBytes(StandardCharsets.UTF_8),
					entry.modRevision())));
		this.mirror.startFrom(values, from.revision(), clusterId, reread);
		return this;
	}

	@Override
	public long clusterId() {
		return this.mirror.clusterId();
	}

	private void onUpdate(KeyMirror.Update update) {
		if (update.changes().isEmpty()) {
			return;
		}
		List<ConfigChange> changes = update.changes().stream().map(MirroredConfigWatch::change).toList();
		this.listener.onChange(new ConfigChangeEvent(update.revision(), changes, update.resync()));
	}

	private static ConfigChange change(KeyMirror.Change change) {
		ConfigChange.Type type = (change.newValue() != null) ? ConfigChange.Type.PUT : ConfigChange.Type.DELETE;
		return new ConfigChange(change.key(), type, KeyMirror.text(change.oldValue()), KeyMirror.text(change.newValue()),
				change.revision());
	}

	@Override
	public Map<String, String> values() {
		Map<String, String> values = new TreeMap<>();
		this.mirror.state().forEach((key, entry) -> values.put(key, KeyMirror.text(entry.value())));
		return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
	}

	@Override
	public Optional<String> value(String key) {
		return Optional.ofNullable(this.mirror.state().get(key)).map(entry -> KeyMirror.text(entry.value()));
	}

	@Override
	public long revision() {
		return this.mirror.revision();
	}

	@Override
	public void close() {
		this.mirror.close();
	}

}
