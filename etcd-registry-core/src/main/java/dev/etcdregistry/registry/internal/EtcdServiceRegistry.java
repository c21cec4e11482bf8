package dev.etcdregistry.registry.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.Subscription;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.internal.EtcdErrors;
import dev.etcdregistry.internal.Backoff;
import dev.etcdregistry.internal.Listeners;
import dev.etcdregistry.registry.Registration;
import dev.etcdregistry.registry.RegistrationEvent;
import dev.etcdregistry.registry.RegistrationEvent.Type;
import dev.etcdregistry.registry.RegistrationListener;
import dev.etcdregistry.registry.RegistryOptions;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;


/**
 * {@link ServiceRegistry} with one {@link LeaseKeeper} for all instances. What should be
 * registered ({@code wanted}) is the source of truth; every repair (new lease, key put back)
 * runs on one serial queue and writes {@code wanted} again.
 *
 * <p>That queue ({@link RegistryQueue}, a thread of its own) is also the only place where jetcd
 * is called and where the registry's record of etcd (written keys, guards, lease) changes, so no
 * lock of ours is ever held across a jetcd call. Callers record their intent in {@code wanted}
 * first, then submit a task that reconciles that key and wait for it, bounded. The queue is
 * bounded too: when it overflows, the dropped tasks are replaced by one resync that reconciles
 * every key from {@code wanted}, so a dropped register or deregister still takes effect.
 *
 * <p>Longer than our usual class on purpose: every piece of queue-confined state (written,
 * pending and unwanted keys, guards, lease) and every transition of it (register, deregister,
 * put-back, lease loss, resync) sit together, so that each can be checked against the others.
 */
public final class EtcdServiceRegistry implements ServiceRegistry {

	private static final Logger logger = LoggerFactory.getLogger(EtcdServiceRegistry.class);

	/** Tasks that may wait on the queue before an overflow drops them for one resync. */
	private static final int QUEUE_CAPACITY = 1_000;

	private final EtcdConnection connection;

	private final InstanceWriter writer;

	/** What callers want registered: written by register/deregister before they queue a task. */
	private final Map<String, ServiceInstance> wanted = new ConcurrentHashMap<>();

	private final KeyGuards guards;

	/** Deregistered instances whose own task has not run yet: a resync that replaced it announces them. */
	private final Map<String, ServiceInstance> leaving = new ConcurrentHashMap<>();

	/** Deregistered keys whose delete has not reached etcd yet. */
	private final Set<String> unwanted = ConcurrentHashMap.newKeySet();

	/** Wanted keys that must be written (again): never written yet, or their lease was lost. */
	private final Set<String> pending = ConcurrentHashMap.newKeySet();

	/** Keys written at least once, to tell a re-registration from a late first one. */
	private final Set<String> written = ConcurrentHashMap.newKeySet();

	private final LeaseKeeper lease;

	private final RegistryQueue repairs;

	private final Listeners<RegistrationEvent> listeners;

	private final RetryTimer retry;

	private volatile boolean closed;

	/** Test seam: runs on the repair queue after a register's write, before the key's guard is started. */
	volatile Consumer<String> beforeGuard = (key) -> {
	};

	public EtcdServiceRegistry(EtcdConnection connection, RegistryOptions options) {
		this(connection, options, QUEUE_CAPACITY);
	}

	/** With a queue bound of {@code queueCapacity} (tests overflow a tiny one). */
	EtcdServiceRegistry(EtcdConnection connection, RegistryOptions options, int queueCapacity) {
		this.connection = connection;
		// every task aims at the same state (etcd holds what is wanted): when too many queue up,
		// one that reconciles every key stands for all of them
		this.repairs = new RegistryQueue(queueCapacity, this::repairAll,
				connection.settings().requestTimeout().multipliedBy(4).plusSeconds(5));
		this.listeners = new Listeners<>(connection.eventPool(), "registration");
		this.retry = new RetryTimer(connection.scheduler(), new Backoff(options.retryInitialDelay(),
				options.retryMaxDelay()), () -> this.repairs.execute(this::writePending));
		this.lease = new LeaseKeeper(connection, options.ttl(),
				(id, reason) -> this.repairs.execute(() -> onLeaseLost(id, reason)));
		this.guards = new KeyGuards(connection, this::onKeyDeleted);
		this.writer = new InstanceWriter(connection, this.lease, this::onLeaseReplaced);
	}

	@Override
	public Registration register(ServiceInstance instance) {
		ensureOpen();
		String key = ServiceKeys.key(instance.serviceName(), instance.instanceId());
		this.writer.checkSize(key, instance);
		Registration handle = new RegistrationHandle(key, instance, this::deregisterQuietly);
		this.connection.ensureOpen(); // a closed connection can't write: say so instead of queueing
		// recorded before queueing: should the task be dropped, the resync still finds it here
		this.wanted.put(key, instance);
		try {
			this.repairs.call(() -> registerNow(key), "register of " + key, "its write goes on in the background");
		}
		finally {
			if (this.closed) {
				this.wanted.remove(key, instance); // raced with close(), which forgot every other instance
			}
		}
		return handle;
	}

	/** On the repair queue: writes what is wanted for the key now, or keeps it pending on a transient error. */
	private Boolean registerNow(String key) {
		ServiceInstance instance = this.wanted.get(key);
		if (this.closed) {
			if (instance != null) {
				this.wanted.remove(key, instance); // came in while closing: close() forgot the others
			}
			ensureOpen();
		}
		if (instance == null) {
			return false; // deregistered before its turn: that deregister's task cleans up
		}
		this.unwanted.remove(key);
		long revision;
		try {
			revision = this.writer.write(key, instance, false);
		}
		catch (EtcdRegistryException ex) {
			if (!EtcdErrors.isTransient(ex)) {
				this.wanted.remove(key, instance);
				throw ex;
			}
			logger.warn("Could not register {} yet ({}); retrying in the background", key, ex.getMessage());
			this.pending.add(key);
			fire(Type.RETRYING, instance, 0, ex.getMessage());
			scheduleRetry();
			return false;
		}
		this.beforeGuard.accept(key);
		syncGuard(key, revision);
		this.written.add(key);
		logger.info("Registered {} at {}:{} (lease {})", key, instance.host(), instance.port(),
				Long.toHexString(this.lease.current()));
		fire(Type.REGISTERED, instance, this.lease.current(), "registered");
		return true;
	}

	@Override
	public boolean deregister(String serviceName, String instanceId) {
		String key = ServiceKeys.key(serviceName, instanceId);
		if (this.closed) {
			return false; // close() forgot every instance already
		}
		this.connection.ensureOpen();
		// removed before queueing: should the task be dropped, the resync still deletes the key
		ServiceInstance removed = this.wanted.remove(key);
		if (removed == null) {
			return false;
		}
		this.leaving.put(key, removed);
		this.repairs.call(() -> deregisterNow(key, removed), "deregister of " + key,
				"its delete goes on in the background");
		return true;
	}

	/** On the repair queue: deletes the key of a removed instance (revokes the lease for the last one). */
	private Boolean deregisterNow(String key, ServiceInstance removed) {
		if (!this.wanted.containsKey(key)) {
			forgetKey(key);
		}
		// else registered again meanwhile: that register's task writes it (again)
		announceDeregistered(key, removed);
		return true;
	}

	/** Once per deregister: by its own task, or by the resync that ran before it (or instead of it). */
	private void announceDeregistered(String key, ServiceInstance removed) {
		if (this.leaving.remove(key, removed)) {
			logger.info("Deregistered {}", key);
			fire(Type.DEREGISTERED, removed, 0, "deregistered");
		}
	}

	/** On the repair queue: stops guarding a key nobody wants and deletes it, or the lease with the last one. */
	private void forgetKey(String key) {
		this.pending.remove(key);
		this.written.remove(key);
		// stopped before the delete, so that the guard does not report our own delete
		this.guards.stop(key);
		if (this.wanted.isEmpty()) {
			this.lease.revoke();
		}
		else {
			this.unwanted.add(key);
			try {
				deleteUnwanted();
			}
			catch (EtcdRegistryException ex) {
				// still attached to our live lease: it would linger for as long as we run
				logger.warn("Could not delete {} yet ({}); retrying in the background", key, ex.getMessage());
				scheduleRetry();
			}
		}
	}

	/** A write found the lease gone and replaced it: everything else attached to it must follow. */
	private void onLeaseReplaced(long id) {
		fire(Type.LEASE_LOST, null, id, "etcd no longer knows it");
		this.pending.addAll(this.wanted.keySet());
		this.repairs.execute(this::writePending);
	}

	private void deregisterQuietly(String serviceName, String instanceId) {
		if (!this.closed) {
			deregister(serviceName, instanceId);
		}
	}

	private void onLeaseLost(long id, String reason) {
		if (this.closed || !this.lease.forget(id)) {
			return;
		}
		logger.warn("Lease {} was lost ({}); granting a new one and registering {} instance(s) again",
				Long.toHexString(id), reason, this.wanted.size());
		this.pending.addAll(this.wanted.keySet());
		fire(Type.LEASE_LOST, null, id, reason);
		writePending();
	}

	private void onKeyDeleted(String key) {
		this.repairs.execute(() -> {
			// on the queue, like every deregister: the wanted state read here is the latest
			ServiceInstance instance = this.wanted.get(key);
			if (instance == null || this.closed) {
				return;
			}
			try {
				if (this.writer.write(key, instance, true) == 0) {
					return;
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Could not put back {} ({}); retrying", key, ex.getMessage());
				this.pending.add(key);
				scheduleRetry();
				return;
			}
			logger.warn("Instance key {} was deleted while this process still runs; put it back", key);
			fire(Type.RESTORED, instance, this.lease.current(), "key deleted from outside");
		});
	}

	/**
	 * Makes the guard of {@code key} match what is wanted now. Runs on the serial repair queue,
	 * like every register and deregister, so guards are started and stopped one at a time and
	 * each sees the latest {@code wanted}: a deregister cannot leave a register's guard behind,
	 * and a register after a deregister cannot lose its guard to the deregister's stop.
	 * @param writtenAt the revision of the write the guard starts after (ignored when stopping)
	 */
	private void syncGuard(String key, long writtenAt) {
		if (!this.closed && this.wanted.containsKey(key)) {
			this.guards.watch(key, writtenAt);
			if (!this.closed) {
				return;
			}
		}
		this.guards.stop(key); // after close(): its stopAll may have run before the watch above
	}

	/** The keys a guard watches now. */
	Set<String> guardedKeys() {
		return this.guards.keys();
	}

	/** The queue overflowed: forget every key no longer wanted, then write every wanted one again. */
	private void repairAll() {
		if (this.closed) {
			return;
		}
		Set<String> known = new TreeSet<>(this.written);
		known.addAll(this.guards.keys());
		known.addAll(this.pending);
		for (String key : known) {
			if (!this.wanted.containsKey(key)) {
				forgetKey(key);
			}
		}
		Map.copyOf(this.leaving).forEach(this::announceDeregistered);
		this.pending.addAll(this.wanted.keySet());
		writePending();
	}

	/** Test seam: how many tasks wait on the registry's queue. */
	int queueBacklog() {
		return this.repairs.backlog();
	}

	/** Test seam: how many times the registry's queue overflowed. */
	long queueOverflows() {
		return this.repairs.overflows();
	}

	private void writePending() {
		List<RegistrationEvent> events = new ArrayList<>();
		Map<String, Long> toGuard = new LinkedHashMap<>();
		if (this.closed) {
			return;
		}
		try {
			deleteUnwanted();
			for (String key : List.copyOf(this.pending)) {
				ServiceInstance instance = this.wanted.get(key);
				if (instance != null) {
					toGuard.put(key, this.writer.write(key, instance, false));
					Type type = this.written.add(key) ? Type.REGISTERED : Type.REREGISTERED;
					events.add(new RegistrationEvent(type, instance, this.lease.current(),
							"written under lease " + Long.toHexString(this.lease.current())));
				}
				this.pending.remove(key);
			}
			this.retry.succeeded();
		}
		catch (RuntimeException ex) {
			logger.warn("Writing {} instance(s) to etcd failed ({}); retrying", this.pending.size(),
					ex.getMessage());
			if (ex instanceof EtcdRegistryException failure && failure.reason() == Reason.TIMEOUT) {
				// the call itself waited a whole request timeout, which throttles enough; waiting a long
				// back-off on top would only make the registry miss the moment etcd (a quorum) is back,
				// while a call in flight then completes at once
				this.retry.succeeded();
			}
			scheduleRetry();
		}
		toGuard.forEach(this::syncGuard);
		events.forEach(this.listeners::fire);
	}

	private void deleteUnwanted() {
		for (String key : List.copyOf(this.unwanted)) {
			if (!this.wanted.containsKey(key)) {
				this.writer.delete(key);
			}
			this.unwanted.remove(key);
		}
	}

	private void scheduleRetry() {
		if (!this.closed) {
			this.retry.schedule();
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

	private void ensureOpen() {
		if (this.closed) {
			throw new EtcdRegistryException(Reason.CLOSED, "The service registry is closed");
		}
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		// on the queue even when the connection is closed: the state is the queue's alone
		// kept: no resync stands for a close (it returns at once once closed)
		List<ServiceInstance> removed = this.repairs.callKept(() -> {
			List<ServiceInstance> instances = closeLocally();
			if (!this.connection.isClosed()) {
				this.lease.revoke(); // else etcd can no longer be told: the lease expires
			}
			return instances;
		}, "close of the service registry", "the lease expires within its TTL");
		// what is still queued finds the registry closed and returns at once; a close that came
		// late still waits for etcd, and is interrupted (the lease then expires)
		this.repairs.close(removed != null);
		if (removed != null) {
			logClosed(removed);
		}
	}

	/** Stops guards and the lease's keep-alive, forgets every instance; the caller revokes. */
	private List<ServiceInstance> closeLocally() {
		this.guards.stopAll();
		this.lease.close();
		List<ServiceInstance> removed = new ArrayList<>(this.wanted.values());
		this.wanted.clear();
		// deregistered, but their tasks were dropped and no resync will run now: announced here
		Map.copyOf(this.leaving).forEach((key, instance) -> {
			if (this.leaving.remove(key, instance)) {
				removed.add(instance);
			}
		});
		return removed;
	}

	private void logClosed(List<ServiceInstance> removed) {
		removed.forEach(instance -> fire(Type.DEREGISTERED, instance, 0, "registry closed"));
		logger.info("Service registry closed; {} instance(s) deregistered", removed.size());
	}

}
