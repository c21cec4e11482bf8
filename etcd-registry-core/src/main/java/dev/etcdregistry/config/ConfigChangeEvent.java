package dev.etcdregistry.config;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The changes etcd made in one revision: one key for a plain put or delete, several for a
 * transaction. After a re-read (the watch fell behind compaction, or etcd was restored), the
 * event carries every key whose value differs from what was known and {@link #resync()} is
 * {@code true}.
 *
 * @param revision the etcd revision the watched keys are at after this event
 * @param changes the changes, never empty
 * @param resync whether the changes come from a re-read rather than from the watch
 */
public record ConfigChangeEvent(long revision, List<ConfigChange> changes, boolean resync) {

	public ConfigChangeEvent {
		changes = List.copyOf(changes);
	}

	/** The changed keys. */
	public Set<String> keys() {
		return this.changes.stream().map(ConfigChange::key).collect(Collectors.toUnmodifiableSet());
	}

}
