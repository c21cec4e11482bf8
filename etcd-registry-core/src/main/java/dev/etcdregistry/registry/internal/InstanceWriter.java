package dev.etcdregistry.registry.internal;

import java.util.function.LongConsumer;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.internal.EtcdErrors;
import dev.etcdregistry.config.internal.Keys;
import dev.etcdregistry.registry.ServiceInstance;

import static dev.etcdregistry.client.EtcdConnection.bytes;

/**
 * Writes instance keys under the registry's lease. When etcd says the lease is gone, the
 * lease is replaced once and {@code onLeaseReplaced} hears the lost id, since every other
 * instance attached to it is gone too.
 */
final class InstanceWriter {

	/** Immediate attempts after etcd refused the auth token, before the caller's back-off takes over. */
	private static final int AUTH_RETRIES = 2;

	private final EtcdConnection connection;

	private final LeaseKeeper lease;

	private final InstanceCodec codec = new InstanceCodec();

	private final LongConsumer onLeaseReplaced;

	InstanceWriter(EtcdConnection connection, LeaseKeeper lease, LongConsumer onLeaseReplaced) {
		this.connection = connection;
		this.lease = lease;
		this.onLeaseReplaced = onLeaseReplaced;
	}

	/** Rejects an instance etcd would refuse for its size, before anything is sent. */
	void checkSize(String key, ServiceInstance instance) {
		int size = this.codec.encode(instance).length + key.length();
		if (size > Keys.MAX_VALUE_BYTES) {
			throw new EtcdRegistryException(Reason.TOO_LARGE, "Instance '" + instance.instanceId() + "' of service '"
					+ instance.serviceName() + "' is " + size + " bytes as JSON, more than etcd accepts ("
					+ Keys.MAX_VALUE_BYTES + "); keep large data out of its metadata");
		}
	}

	/**
	 * Puts one instance under the live lease (only if its key is missing, when
	 * {@code onlyIfAbsent}).
	 * @return the revision of the write, 0 when it was not written
	 */
	long write(String key, ServiceInstance instance, boolean onlyIfAbsent) {
		ByteSequence value = ByteSequence.from(this.codec.encode(instance));
		boolean leaseReplaced = false;
		for (int authRetries = 0;; ) {
			long id = 0;
			try {
				id = this.lease.ensure();
				return put(key, value, id, onlyIfAbsent);
			}
			catch (EtcdRegistryException ex) {
				if (EtcdErrors.isUnauthenticated(ex) && authRetries++ < AUTH_RETRIES) {
					// a member that restarted (after a quorum loss, say) no longer knows the token: that is
					// fixed by logging in again now, not by waiting a back-off
					this.connection.authTokens().rejected();
					continue;
				}
				if (leaseReplaced || id == 0 || !EtcdErrors.isLeaseNotFound(ex)) {
					throw ex;
				}
				leaseReplaced = true;
				if (this.lease.forget(id)) {
					this.onLeaseReplaced.accept(id);
				}
			}
		}
	}

	private long put(String key, ByteSequence value, long id, boolean onlyIfAbsent) {
		PutOption withLease = PutOption.builder().withLeaseId(id).build();
		if (!onlyIfAbsent) {
			return this.connection
				.await(this.connection.client().getKVClient().put(bytes(key), value, withLease),
						"put of key '" + key + "'")
				.getHeader()
				.getRevision();
		}
		TxnResponse response = this.connection.await(this.connection.client()
			.getKVClient()
			.txn()
			.If(new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.version(0)))
			.Then(Op.put(bytes(key), value, withLease))
			.commit(), "put of key '" + key + "'");
		return response.isSucceeded() ? response.getHeader().getRevision() : 0;
	}

	void delete(String key) {
		this.connection.await(this.connection.client().getKVClient().delete(bytes(key)), "delete of key '" + key + "'");
	}

}
