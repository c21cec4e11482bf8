package dev.etcdregistry.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.internal.EtcdConfigStore;

/**
 * Config kept in etcd as plain keys and UTF-8 values, the way {@code etcdctl put} writes
 * them. Beyond get/put/delete/watch it offers what etcd's revisions make possible:
 * compare-and-set, atomic multi-key writes, the history of a key and rollback to a past
 * revision.
 *
 * <p>Every call is bounded by the connection's request timeout and fails with an
 * {@link EtcdRegistryException} that names the key. Keys are used as given, below the
 * connection's namespace.
 */
public interface ConfigStore {

	/** A store on the connection, decoding JSON with a default {@link JsonMapper}. */
	static ConfigStore of(EtcdConnection connection) {
		return new EtcdConfigStore(connection, JsonMapper.builder().build());
	}

	/** A store on the connection, decoding JSON with {@code mapper}. */
	static ConfigStore of(EtcdConnection connection, JsonMapper mapper) {
		return new EtcdConfigStore(connection, mapper);
	}

	/**
	 * Sets a key.
	 * @return the revision of the write
	 */
	long put(String key, String value);

	/** The value of a key, empty when it does not exist. */
	Optional<String> get(String key);

	/**
	 * The value of a key decoded from JSON into {@code type} ({@code String} returns the raw
	 * value).
	 * @throws EtcdRegistryException {@link EtcdRegistryException.Reason#INVALID_VALUE} naming
	 * the key and the type when the value does not decode
	 */
	<T> Optional<T> get(String key, Class<T> type);

	/** The key with its revisions, empty when it does not exist. */
	Optional<ConfigEntry> getEntry(String key);

	/** Every key under {@code prefix}, read at one revision. */
	ConfigSnapshot getPrefix(String prefix);

	/**
	 * Every key under each of {@code prefixes}, read in one etcd transaction: all at one revision,
	 * which a later {@link #watchPrefixes} can continue from. A user needs read permission on
	 * these prefixes only. The default implementation reads the prefixes one by one (not at one
	 * revision); the etcd-backed store overrides it.
	 */
	default ConfigSnapshot getPrefixes(List<String> prefixes) {
		Map<String, ConfigEntry> entries = new java.util.LinkedHashMap<>();
		long revision = 0;
		for (String prefix : prefixes) {
			ConfigSnapshot snapshot = getPrefix(prefix);
			entries.putAll(snapshot.entries());
			revision = Math.max(revision, snapshot.revision());
		}
		return new ConfigSnapshot(revision, entries);
	}

	/** The values under {@code prefix}, in key order. */
	default Map<String, String> getAll(String prefix) {
		return getPrefix(prefix).values();
	}

	/**
	 * Deletes a key.
	 * @return whether it existed
	 */
	boolean delete(String key);

	/**
	 * Deletes every key under {@code prefix} (which must not be empty).
	 * @return how many keys were deleted
	 */
	long deletePrefix(String prefix);

	/**
	 * Sets a key only if it was last changed at {@code expectedModRevision} (0: only if it
	 * does not exist). The usual loop: {@link #getEntry}, compute, compare-and-put, repeat on
	 * {@code false}.
	 * @return whether the value was written
	 */
	boolean compareAndPut(String key, String value, long expectedModRevision);

	/**
	 * Applies all operations of the batch in one transaction, at one revision.
	 * @return the revision of the transaction
	 * @throws EtcdRegistryException {@link EtcdRegistryException.Reason#CONFLICT} naming the
	 * conditions when one of them does not hold (nothing is written then)
	 */
	long commit(ConfigBatch batch);

	/**
	 * The changes of a key that etcd still retains (older ones are lost to compaction), oldest
	 * first, each with the value before and after.
	 */
	List<ConfigChange> history(String key);

	/**
	 * Puts a key back to its value at {@code revision} (deleting it if it did not exist then),
	 * in one transaction.
	 * @return the revision of the rollback (the current one when nothing had to change)
	 * @throws EtcdRegistryException {@link EtcdRegistryException.Reason#COMPACTED} when etcd
	 * no longer has that revision
	 */
	long rollback(String key, long revision);

	/**
	 * Puts every key under {@code prefix} back to its value at {@code revision}: keys created
	 * since are deleted, deleted ones come back, all in one transaction.
	 * @return the revision of the rollback (the current one when nothing had to change)
	 */
	long rollbackPrefix(String prefix, long revision);

	/**
	 * Watches one key. The current value is read first; the listener then receives every
	 * change after it, without gaps.
	 */
	ConfigWatch watch(String key, ConfigListener listener);

	/** Watches every key under {@code prefix}, like {@link #watch}; a transaction is one event. */
	ConfigWatch watchPrefix(String prefix, ConfigListener listener);

	/**
	 * Watches the keys under several prefixes (say an application's config contexts) and
	 * nothing else: they are read in one transaction ({@link #getPrefixes}) and each prefix is
	 * watched from the revision after that read, so no change is missed or seen twice. The
	 * listener receives one event per revision and prefix (a transaction that touches two
	 * prefixes arrives as two events with the same revision), possibly from different threads
	 * for different prefixes; the watch's {@link ConfigWatch#values()} always holds every prefix.
	 * The default implementation watches each prefix on its own.
	 */
	default ConfigWatch watchPrefixes(List<String> prefixes, ConfigListener listener) {
		List<ConfigWatch> watches = new java.util.ArrayList<>();
		try {
			for (String prefix : prefixes) {
				watches.add(watchPrefix(prefix, listener));
			}
		}
		catch (RuntimeException ex) {
			watches.forEach(ConfigWatch::close);
			throw ex;
		}
		return ConfigWatch.combine(watches);
	}

	/**
	 * Watches a key (or every key under a prefix) without waiting for etcd, for applications
	 * that start while etcd is down: returns at once, without values; the first read is retried
	 * with back-off in the background until etcd answers, and its values then reach the
	 * listener as one {@linkplain ConfigChangeEvent#resync() resync} event. The default
	 * implementation reads at once, like {@link #watch}.
	 */
	default ConfigWatch watchInBackground(String key, boolean prefix, ConfigListener listener) {
		return prefix ? watchPrefix(key, listener) : watch(key, listener);
	}

	/**
	 * Resumes watching a key (or prefix) from values known to be current at
	 * {@code from.revision()} in the etcd cluster {@code clusterId}, such as a copy an earlier
	 * run kept on disk. Returns at once, holding those values, without calling etcd; the watch
	 * continues at the next revision, so changes made since reach the listener as ordinary
	 * events once etcd answers. When etcd no longer has that revision (compacted), is another
	 * cluster, or {@code reread} is set (the copy is incomplete), everything is read again and
	 * the differences from {@code from} reach the listener as one resync event. The default
	 * implementation ignores {@code from} and starts like {@link #watchInBackground}.
	 */
	default ConfigWatch resumeWatch(String key, boolean prefix, ConfigSnapshot from, long clusterId, boolean reread,
			ConfigListener listener) {
		return watchInBackground(key, prefix, listener);
	}

}
