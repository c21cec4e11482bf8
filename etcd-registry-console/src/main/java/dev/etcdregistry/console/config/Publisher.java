package dev.etcdregistry.console.config;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigBatch;
import dev.etcdregistry.config.ConfigEntry;
import dev.etcdregistry.console.Audit;
import dev.etcdregistry.console.EtcdSession;
import dev.etcdregistry.console.RevisionClock;

import static dev.etcdregistry.client.EtcdConnection.bytes;

/**
 * Publishes config changes as the signed-in user: every change is one etcd transaction
 * ({@link dev.etcdregistry.config.ConfigStore#commit}) guarded by the mod revision each key had
 * when the person started editing (compare-and-set), and carrying its audit record. A lost
 * race writes nothing and names the keys someone else changed. Rollbacks go the same way, so
 * they are audited too (the core's rollback cannot carry the audit record in its transaction).
 */
final class Publisher {

	/** Someone else changed these keys since they were read; nothing was written. */
	static final class Conflict extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final transient List<ConfigEntry> changed;

		private final List<String> gone;

		Conflict(List<ConfigEntry> changed, List<String> gone) {
			super("changed meanwhile: " + changed.stream().map(ConfigEntry::key).toList() + ", deleted meanwhile: "
					+ gone);
			this.changed = changed;
			this.gone = gone;
		}

		List<ConfigEntry> changed() {
			return this.changed;
		}

		List<String> gone() {
			return this.gone;
		}

	}

	private final EtcdSession session;

	private final Audit audit;

	private final RevisionClock clock;

	Publisher(EtcdSession session, Audit audit, RevisionClock clock) {
		this.session = session;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * @param writes new values by key; {@code null} deletes the key
	 * @param bases the mod revision each key had when read (0: it did not exist)
	 * @return the revision of the transaction
	 * @throws Conflict when a key changed since
	 */
	long publish(String context, String action, Map<String, String> writes, Map<String, Long> bases) {
		ConfigBatch.Builder batch = ConfigBatch.builder();
		bases.forEach(batch::ifModRevision);
		writes.forEach((key, value) -> {
			if (value != null) {
				batch.put(key, value);
			}
			else {
				batch.delete(key);
			}
		});
		Instant now = Instant.now();
		batch.put(this.audit.newKey("config/" + context, now),
				this.audit.record(this.session.user(), now, action, bases));
		try {
			long revision = this.session.store().commit(batch.build());
			this.clock.saw(revision);
			return revision;
		}
		catch (EtcdRegistryException ex) {
			if (ex.reason() != Reason.CONFLICT) {
				throw ex;
			}
			throw conflict(bases);
		}
	}

	private Conflict conflict(Map<String, Long> bases) {
		List<ConfigEntry> changed = new ArrayList<>();
		List<String> gone = new ArrayList<>();
		bases.forEach((key, base) -> {
			Optional<ConfigEntry> now = this.session.store().getEntry(key);
			if (now.isPresent() && now.get().modRevision() != base) {
				changed.add(now.get());
			}
			else if (now.isEmpty() && base != 0) {
				gone.add(key);
			}
		});
		return new Conflict(changed, gone);
	}

	/**
	 * Puts a key, or every key under a context, back to its state at {@code revision}, in one
	 * audited transaction.
	 * @return the revision of the rollback, or -1 when nothing differed
	 */
	long rollback(String context, String keyOrPrefix, boolean prefix, long revision) {
		Map<String, KeyValue> then = read(keyOrPrefix, prefix, revision);
		Map<String, KeyValue> now = read(keyOrPrefix, prefix, 0);
		Map<String, String> writes = new LinkedHashMap<>();
		Map<String, Long> bases = new LinkedHashMap<>();
		now.forEach((key, kv) -> {
			if (!then.containsKey(key)) {
				writes.put(key, null);
				bases.put(key, kv.getModRevision());
			}
		});
		then.forEach((key, kv) -> {
			KeyValue current = now.get(key);
			if (current == null || !current.getValue().equals(kv.getValue())) {
				writes.put(key, kv.getValue().toString(java.nio.charset.StandardCharsets.UTF_8));
				bases.put(key, (current != null) ? current.getModRevision() : 0L);
			}
		});
		if (writes.isEmpty()) {
			return -1;
		}
		return publish(context, "rollback of " + keyOrPrefix + " to revision " + revision, writes, bases);
	}

	private Map<String, KeyValue> read(String key, boolean prefix, long revision) {
		EtcdConnection connection = this.session.connection();
		GetOption option = GetOption.builder().isPrefix(prefix).withRevision(revision).build();
		GetResponse response = connection.await(connection.client().getKVClient().get(bytes(key), option),
				"read of " + (prefix ? "prefix '" : "key '") + key + "'" + ((revision > 0) ? " at revision " + revision
						: ""));
		Map<String, KeyValue> byKey = new LinkedHashMap<>();
		response.getKvs().forEach((kv) -> byKey.put(kv.getKey().toString(java.nio.charset.StandardCharsets.UTF_8), kv));
		return byKey;
	}

}
