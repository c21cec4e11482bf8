package dev.etcdregistry.registry.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.etcdregistry.client.EtcdConnection;

/**
 * One {@link KeyGuard} per registered key.
 */
final class KeyGuards {

	private final EtcdConnection connection;

	private final Consumer<String> onDeleted;

	private final Map<String, KeyGuard> guards = new ConcurrentHashMap<>();

	KeyGuards(EtcdConnection connection, Consumer<String> onDeleted) {
		this.connection = connection;
		this.onDeleted = onDeleted;
	}

	/** Watches the key for deletes from the revision after our write, so none is missed. */
	void watch(String key, long writtenAt) {
		if (this.guards.containsKey(key)) {
			return;
		}
		// not in computeIfAbsent: starting a guard calls into jetcd, never under a lock of ours
		KeyGuard guard = new KeyGuard(this.connection, key, writtenAt + 1, this.onDeleted);
		if (this.guards.putIfAbsent(key, guard) != null) {
			guard.close();
		}
	}

	void stop(String key) {
		KeyGuard guard = this.guards.remove(key);
		if (guard != null) {
			guard.close();
		}
	}

	/** The keys guarded now. */
	Set<String> keys() {
		return Set.copyOf(this.guards.keySet());
	}

	void stopAll() {
		List.copyOf(this.guards.keySet()).forEach(this::stop);
	}

}
