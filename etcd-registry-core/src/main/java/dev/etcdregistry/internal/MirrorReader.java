package dev.etcdregistry.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.internal.KeyMirror.Entry;

/**
 * Reads a {@link KeyMirror}'s key or prefix at one revision, and remembers which cluster
 * answered and the highest revision it reported. A watch resumed on a cluster that was wiped
 * or restored from a backup would wait for the old revision to come round again; a new
 * cluster id, or a revision behind what this process saw, gives such a cluster away.
 */
final class MirrorReader {

	/** The values of one read and the store revision they are at. */
	record Read(Map<String, Entry> values, long revision) {
	}

	private final EtcdConnection connection;

	private final String key;

	private final boolean prefix;

	private final String target;

	private volatile long seenRevision;

	private volatile long clusterId;

	MirrorReader(EtcdConnection connection, String key, boolean prefix, String target) {
		this.connection = connection;
		this.key = key;
		this.prefix = prefix;
		this.target = target;
	}

	/** Reads everything, bounded by the request timeout; throws when etcd does not answer. */
	Read read() {
		GetOption option = GetOption.builder().isPrefix(this.prefix).build();
		GetResponse response = this.connection.await(
				this.connection.client().getKVClient().get(EtcdConnection.bytes(this.key), option),
				"read of " + this.target);
		Map<String, Entry> values = new HashMap<>();
		for (KeyValue kv : response.getKvs()) {
			values.put(kv.getKey().toString(StandardCharsets.UTF_8),
					new Entry(kv.getValue().getBytes(), kv.getModRevision()));
		}
		this.clusterId = response.getHeader().getClusterId();
		this.seenRevision = response.getHeader().getRevision();
		return new Read(values, response.getHeader().getRevision());
	}

	/** Takes values kept from an earlier run as read at {@code revision} from {@code clusterId}. */
	void assume(long revision, long clusterId) {
		this.seenRevision = revision;
		this.clusterId = clusterId;
	}

	/** A watch response said the store is at {@code revision}. */
	void saw(long revision) {
		this.seenRevision = Math.max(this.seenRevision, revision);
	}

	/** Whether a server at this revision and cluster is not the history this mirror follows. */
	boolean isAnotherHistory(long serverRevision, long serverClusterId) {
		return serverRevision < this.seenRevision || serverClusterId != this.clusterId;
	}

	long seenRevision() {
		return this.seenRevision;
	}

	/** The id of the cluster the values come from (0 before the first read). */
	long clusterId() {
		return this.clusterId;
	}

}
