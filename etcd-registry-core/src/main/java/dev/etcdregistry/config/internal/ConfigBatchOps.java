package dev.etcdregistry.config.internal;

import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;

import dev.etcdregistry.config.ConfigBatch;

import static dev.etcdregistry.client.EtcdConnection.bytes;

/** What a {@link ConfigBatch} becomes in an etcd transaction: its conditions and operations. */
final class ConfigBatchOps {

	private ConfigBatchOps() {
	}

	/** The key is unchanged since {@code modRevision}; 0 means the key does not exist. */
	static Cmp condition(String key, long modRevision) {
		return (modRevision == 0) ? new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.version(0))
				: new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(modRevision));
	}

	/** The etcd operation of one put or delete, its key (and value) checked. */
	static Op operation(ConfigBatch.Operation operation) {
		if (operation instanceof ConfigBatch.Put put) {
			Keys.checkValue(put.key(), put.value());
			return Op.put(bytes(put.key()), bytes(put.value()), PutOption.DEFAULT);
		}
		Keys.checkKey(operation.key());
		boolean prefix = operation instanceof ConfigBatch.DeletePrefix;
		return Op.delete(bytes(operation.key()), DeleteOption.builder().isPrefix(prefix).build());
	}

}
