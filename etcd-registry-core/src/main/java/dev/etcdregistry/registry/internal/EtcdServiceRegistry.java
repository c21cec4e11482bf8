package dev.etcdregistry.registry.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.Subscription;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.internal.EtcdErrors;
import dev.etcdregistry.config.internal.Keys;
import dev.etcdregistry.internal.Backoff;
import dev.etcdregistry.internal.Listeners;
import dev.etcdregistry.internal.SerialExecutor;
import dev.etcdregistry.registry.Registration;
import dev.etcdregistry.registry.RegistrationEvent;
import dev.etcdregistry.registry.RegistrationEvent.Type;
import dev.etcdregistry.registry.RegistrationListener;
import dev.etcdregistry.registry.RegistryOptions;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;

import static dev.etcdregistry.client.EtcdConnection.bytes;

/**
 * {@link ServiceRegistry} with one {@link LeaseKeeper} for all instances. What should be
 * registered ({@code wanted}) is the source of truth; every repair (new lease, key put back)
 * runs on one serial queue and writes {@code wanted} again.
 */
public final class EtcdServiceRegistry implements ServiceRegistry {

	private static final Logger logger = LoggerFactory.getLogger(EtcdServiceRegistry.class);

	private final EtcdConnection connection;

	private final RegistryOptions options;

	private final InstanceCodec codec = new InstanceCodec();

	private final Map<String, ServiceInstance> wanted = new ConcurrentHashMap<>();

	private final Map<String, KeyGuard> guards = new ConcurrentHashMap<>();

	private final LeaseKeeper lease;

	private final SerialExecutor repairs;

	private final Listeners<RegistrationEvent> listeners;

	private final Backoff backoff;

	private boolean retryScheduled;

	private volatile boolean closed;

	public EtcdServiceRegistry(EtcdConnection connection, RegistryOptions options) {
		this.connection = connection;
		this.options = options;
		this.repairs = new SerialExecutor(connection.eventPool(), "registry repairs");
		this.listeners = new Listeners<>(connection.eventPool(), "registration");
		this.backoff = new Backoff(options.retryInitialDelay(), options.retryMaxDelay());
		this.lease = new LeaseKeeper(connection, options.ttl(),
				(id, reason) -> this.repairs.execute(() -> onLeaseLost(id, reason)));
	}

	@Override
	public Registration register(ServiceInstance instance) {
		ensureOpen();
		String key = ServiceKeys.key(instance.serviceName(), instance.instanceId());
		byte[] value = this.codec.encode(instance);
		if (value.length + key.length() > Keys.MAX_VALUE_BYTES) {
			throw new EtcdRegistryException(Reason.TOO_LARGE, "Instance '" + instance.instanceId() + "' of service '"
					+ instance.serviceName() + "' is " + value.length + " bytes as JSON, more than etcd accepts ("
					+ Keys.MAX_VALUE_BYTES + "); keep large data out of its metadata");
		}
		long revision;
		synchronized (this) {
			this.wanted.put(key, instance);
			try {
				revision = write(key, instance, false);
			}
			catch (EtcdRegistryException ex) {
				if (!EtcdErrors.isTransient(ex)) {
					this.wanted.remove(key);
					throw ex;
				}
				logger.warn("Could not register {} yet ({}); retrying in the background", key, ex.getMessage());
				fire(Type.RETRYING, instance, 0, ex.getMessage());
				scheduleRetry();
				return new Handle(key, instance);
			}
		}
		guard(key, revision);
		logger.info("Registered {} at {}:{} (lease {})", key, instance.host(), instance.port(),
				Long.toHexString(this.lease.current()));
		fire(Type.REGISTERED, instance, this.lease.current(), "registered");
		return new Handle(key, instance);
	}

	/**
	 * Puts one instance under the live lease (only if its key is missing, when
	 * {@code onlyIfAbsent}). A lease that turns out to be gone is replaced once, and then every
	 * other instance is written again too, since they were all attached to it.
	 * @return the revision of the write, 0 when it was not written
	 */
	private long write(String key, ServiceInstance instance, boolean onlyIfAbsent) {
		ByteSequence value = ByteSequence.from(this.codec.encode(instance));
		for (int attempt = 0;; attempt++) {
			long id = this.lease.ensure();
			PutOption withLease = PutOption.builder().withLeaseId(id).build();
			try {
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
			catch (EtcdRegistryException ex) {
				if (attempt > 0 || !EtcdErrors.isLeaseNotFound(ex)) {
					throw ex;
				}
				if (this.lease.forget(id)) {
					fire(Type.LEASE_LOST, null, id, "etcd no longer knows it");
					this.repairs.execute(() -> rewriteAll(Type.REREGISTERED));
				}
			}
		}
	}

	@Override
	public boolean deregister(String serviceName, String instanceId) {
		String key = ServiceKeys.key(serviceName, instanceId);
		ServiceInstance removed;
		synchronized (this) {
			removed = this.wanted.remove(key);
			if (removed == null) {
				return false;
			}
			closeGuard(key);
			if (this.wanted.isEmpty()) {
				this.lease.revoke();
			}
			else {
				this.connection.await(this.connection.client().getKVClient().delete(bytes(key)),
						"delete of key '" + key + "'");
			}
		}
		logger.info("Deregistered {}", key);
		fire(Type.DEREGISTERED, removed, 0, "deregistered");
		return true;
	}

	private void onLeaseLost(long id, String reason) {
		synchronized (this) {
			if (this.closed || !this.lease.forget(id)) {
				return;
			}
			logger.warn("Lease {} was lost ({}); granting a new one and registering {} instance(s) again",
					Long.toHexString(id), reason, this.wanted.size());
		}
		fire(Type.LEASE_LOST, null, id, reason);
		rewriteAll(Type.REREGISTERED);
	}

	private void onKeyDeleted(String key) {
		this.repairs.execute(() -> {
			ServiceInstance instance = this.wanted.get(key);
			if (instance == null || this.closed) {
				return;
			}
			synchronized (this) {
				try {
					if (write(key, instance, true) == 0) {
						return;
					}
				}
				catch (RuntimeException ex) {
					logger.warn("Could not put back {} ({}); retrying", key, ex.getMessage());
					scheduleRetry();
					return;
				}
			}
			logger.warn("Instance key {} was deleted while this process still runs; put it back", key);
			fire(Type.RESTORED, instance, this.lease.current(), "key deleted from outside");
		});
	}

	/** Writes every wanted instance under the live lease, retrying with back-off on failure. */
	private void rewriteAll(Type eventType) {
		List<Map.Entry<String, ServiceInstance>> written = new ArrayList<>();
		synchronized (this) {
			this.retryScheduled = false;
			if (this.closed) {
				return;
			}
			try {
				for (Map.Entry<String, ServiceInstance> entry : this.wanted.entrySet()) {
					guard(entry.getKey(), write(entry.getKey(), entry.getValue(), false));
					written.add(entry);
				}
				this.backoff.reset();
			}
			catch (RuntimeException ex) {
				logger.warn("Registering {} instance(s) again failed ({}); retrying", this.wanted.size(),
						ex.getMessage());
				scheduleRetry();
				return;
			}
		}
		long id = this.lease.current();
		written.forEach(e -> fire(eventType, e.getValue(), id, "written under lease " + Long.toHexString(id)));
	}

	private synchronized void scheduleRetry() {
		if (this.retryScheduled || this.closed) {
			return;
		}
		this.retryScheduled = true;
		long delay = this.backoff.next().toMillis();
		try {
			this.connection.scheduler()
				.schedule(() -> this.repairs.execute(() -> rewriteAll(Type.REREGISTERED)), delay,
						TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			this.retryScheduled = false;
		}
	}

	@Override
	public List<ServiceInstance> registrations() {
		return List.copyOf(this.wanted.values());
	}

	@Override
	public OptionalLong leaseId() {
		long id = this.lease.current();
		return (id != 0) ? OptionalLong.of(id) : OptionalLong.empty();
	}

	@Override
	public Subscription addListener(RegistrationListener listener) {
		return this.listeners.add(listener::onEvent);
	}

	private void fire(Type type, ServiceInstance instance, long leaseId, String detail) {
		this.listeners.fire(new RegistrationEvent(type, instance, leaseId, detail));
	}

	/** Watches the key for deletes from the revision after our write, so none is missed. */
	private void guard(String key, long writtenAt) {
		this.guards.computeIfAbsent(key, k -> new KeyGuard(this.connection, k, writtenAt + 1, this::onKeyDeleted));
	}

	private void closeGuard(String key) {
		KeyGuard guard = this.guards.remove(key);
		if (guard != null) {
			guard.close();
		}
	}

	private void ensureOpen() {
		if (this.closed) {
			throw new EtcdRegistryException(Reason.CLOSED, "The service registry is closed");
		}
	}

	@Override
	public void close() {
		List<ServiceInstance> removed;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			new ArrayList<>(this.guards.keySet()).forEach(this::closeGuard);
			this.lease.close();
			removed = new ArrayList<>(this.wanted.values());
			this.wanted.clear();
			this.lease.revoke();
		}
		removed.forEach(instance -> fire(Type.DEREGISTERED, instance, 0, "registry closed"));
		logger.info("Service registry closed; {} instance(s) deregistered", removed.size());
	}

	private final class Handle implements Registration {

		private final String key;

		private final ServiceInstance instance;

		Handle(String key, ServiceInstance instance) {
			this.key = key;
			this.instance = instance;
		}

		@Override
		public ServiceInstance instance() {
			return this.instance;
		}

		@Override
		public String key() {
			return this.key;
		}

		@Override
		public void close() {
			if (!EtcdServiceRegistry.this.closed) {
				deregister(this.instance.serviceName(), this.instance.instanceId());
			}
		}

	}

}
