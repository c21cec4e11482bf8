package dev.etcdregistry.config.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;

import static dev.etcdregistry.client.EtcdConnection.bytes;

/**
 * Puts a key or prefix back to its state at a past revision in one transaction. The
 * transaction is guarded by the mod revisions it read, so a concurrent writer makes it retry
 * instead of being overwritten blindly.
 */
final class Rollback {

	private static final int ATTEMPTS = 3;

	private final EtcdConnection connection;

	private final String key;

	private final boolean prefix;

	Rollback(EtcdConnection connection, String key, boolean prefix) {
		this.connection = connection;
		this.key = key;
		this.prefix = prefix;
	}

	long to(long revision) {
		if (revision <= 0) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT,
					"Cannot roll back " + describe() + " to revision " + revision + ": revisions start at 1");
		}
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			GetResponse now = read(0);
			long current = now.getHeader().getRevision();
			if (revision > current) {
				throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "Cannot roll back " + describe()
						+ " to revision " + revision + ": etcd is only at revision " + current);
			}
			Map<String, KeyValue> before = byKey(read(revision));
			Map<String, KeyValue> after = byKey(now);
			List<Cmp> guards = new ArrayList<>();
			List<Op> writes = new ArrayList<>();
			after.forEach((k, kv) -> {
				guards.add(ConfigBatchOps.condition(k, kv.getModRevision()));
				if (!before.containsKey(k)) {
					writes.add(Op.delete(bytes(k), DeleteOption.DEFAULT));
				}
			});
			before.forEach((k, kv) -> {
				KeyValue present = after.get(k);
				if (present == null) {
					guards.add(ConfigBatchOps.condition(k, 0));
				}
				if (present == null || !present.getValue().equals(kv.getValue())) {
					writes.add(Op.put(kv.getKey(), kv.getValue(), PutOption.DEFAULT));
				}
			});
			if (writes.isEmpty()) {
				return current;
			}
			TxnResponse response = this.connection.await(this.connection.client()
				.getKVClient()
				.txn()
				.If(guards.toArray(Cmp[]::new))
				.Then(writes.toArray(Op[]::new))
				.commit(), "rollback of " + describe() + " to revision " + revision);
			if (response.isSucceeded()) {
				return response.getHeader().getRevision();
			}
		}
		throw new EtcdRegistryException(Reason.CONFLICT, "Rollback of " + describe() + " to revision " + revision
				+ " lost " + ATTEMPTS + " times against concurrent writers; try again when they are done");
	}

	private GetResponse read(long revision) {
		GetOption option = GetOption.builder().isPrefix(this.prefix).withRevision(revision).build();
		String what = (revision > 0) ? "read of " + describe() + " at revision " + revision : "read of " + describe();
		return this.connection.await(this.connection.client().getKVClient().get(bytes(this.key), option), what);
	}

	private static Map<String, KeyValue> byKey(GetResponse response) {
		Map<String, KeyValue> byKey = new HashMap<>();
		response.getKvs().forEach(kv -> byKey.put(kv.getKey().toString(StandardCharsets.UTF_8), kv));
		return byKey;
	}

	private String describe() {
		return (this.prefix ? "prefix '" : "key '") + this.key + "'";
	}

}
