package dev.etcdregistry.registry.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.lease.LeaseTimeToLiveResponse;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.internal.EtcdErrors;

/**
 * The one lease of a registry: granted on demand, kept alive by jetcd, and watched for the
 * ways jetcd lets it die quietly. jetcd completes the keep-alive stream when no renewal came
 * within the TTL and never renews again; it reports "lease not found" for a revoked lease or
 * a wiped cluster. Both, and an audit that finds the lease expired, are handed to
 * {@code onLost} with the lost lease's id. A dropped connection is not a loss: jetcd renews
 * again once etcd answers.
 *
 * <p>Not thread-safe on purpose: {@link #ensure()}, {@link #forget(long)}, {@link #revoke()} and
 * {@link #close()} are called from the owner's serial queue only, so no lock of ours is held
 * while they call jetcd. Its own callbacks (renewals, audit) only read or write volatiles and
 * hand losses to {@code onLost}.
 */
final class LeaseKeeper implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LeaseKeeper.class);

	private final EtcdConnection connection;

	private final Duration ttl;

	private final BiConsumer<Long, String> onLost;

	private final ScheduledFuture<?> audit;

	/** Written on the owner's queue, read anywhere: {@link #current()} never waits for a grant. */
	private volatile long leaseId;

	private CloseableClient keepAlive;

	private volatile long lastRenewalNanos;

	private volatile boolean interrupted;

	private final AtomicBoolean auditing = new AtomicBoolean();

	/** Test seam: runs on the scheduler once an audit sent its call. */
	volatile Runnable auditSent = () -> {
	};

	/** Test seam: runs before {@link #ensure()} asks etcd for a lease. */
	volatile Runnable granting = () -> {
	};

	LeaseKeeper(EtcdConnection connection, Duration ttl, BiConsumer<Long, String> onLost) {
		this.connection = connection;
		this.ttl = ttl;
		this.onLost = onLost;
		long period = Math.max(1000, ttl.toMillis() / 2);
		this.audit = connection.scheduler().scheduleWithFixedDelay(this::audit, period, period, TimeUnit.MILLISECONDS);
	}

	/** The live lease, granting one first if there is none. Blocks for at most the request timeout. */
	long ensure() {
		if (this.leaseId == 0) {
			this.granting.run();
			long granted = this.connection.await(this.connection.client().getLeaseClient().grant(this.ttl.toSeconds()),
					"grant of a " + this.ttl.toSeconds() + " s lease").getID();
			this.leaseId = granted;
			this.lastRenewalNanos = System.nanoTime();
			this.keepAlive = this.connection.client().getLeaseClient().keepAlive(granted, new Renewals(granted));
			logger.debug("Granted lease {} ({} s)", Long.toHexString(granted), this.ttl.toSeconds());
		}
		return this.leaseId;
	}

	/** The live lease, or 0. Never waits, not even for a grant in progress. */
	long current() {
		return this.leaseId;
	}

	/**
	 * Forgets a lost lease so that the next {@link #ensure()} grants a new one, and revokes it (without waiting)
	 * in case it is in fact still alive (so its keys cannot linger beside the new ones).
	 * @return whether {@code id} was the current lease
	 */
	boolean forget(long id) {
		if (id != this.leaseId || id == 0) {
			return false;
		}
		stopKeepAlive();
		this.leaseId = 0;
		// not awaited: while etcd has no quorum this would hold the registry (and every register call)
		// for a whole request timeout. The revoke can only delete keys still attached to the old lease;
		// keys written again are on the new one, whichever of the two requests etcd applies first.
		this.connection.client()
			.getLeaseClient()
			.revoke(id)
			.orTimeout(this.connection.settings().requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((response, ex) -> {
				if (ex != null) {
					logger.debug("Revoking lost lease {}: {}", Long.toHexString(id), ex.getMessage());
				}
			});
		return true;
	}

	/**
	 * Revokes the current lease, deleting every key attached to it.
	 * @return whether etcd confirmed it (or there was no lease)
	 */
	boolean revoke() {
		long id = this.leaseId;
		stopKeepAlive();
		this.leaseId = 0;
		if (id == 0) {
			return true;
		}
		try {
			this.connection.await(this.connection.client().getLeaseClient().revoke(id),
					"revoke of lease " + Long.toHexString(id));
			return true;
		}
		catch (RuntimeException ex) {
			if (EtcdErrors.isLeaseNotFound(ex)) {
				return true;
			}
			logger.warn("Could not revoke lease {} ({}); peers see its instances until it expires in at most {} s",
					Long.toHexString(id), ex.getMessage(), this.ttl.toSeconds());
			return false;
		}
	}

	/** When the lease was last renewed (or granted), from {@link System#nanoTime()}. */
	long lastRenewalNanos() {
		return this.lastRenewalNanos;
	}

	private void stopKeepAlive() {
		if (this.keepAlive != null) {
			this.keepAlive.close();
			this.keepAlive = null;
		}
	}

	/**
	 * A safety net for losses jetcd does not report: without a renewal for a whole TTL, ask
	 * etcd how long the lease has left. Runs on the connection's shared scheduler, so it only
	 * starts the call and reacts in its completion: etcd is likely down right then, and a
	 * blocking wait would hold every other timer of the connection for a request timeout.
	 */
	private void audit() {
		long id = current();
		if (id == 0 || System.nanoTime() - this.lastRenewalNanos < this.ttl.toNanos()
				|| !this.auditing.compareAndSet(false, true)) {
			return;
		}
		try {
			this.connection.client()
				.getLeaseClient()
				.timeToLive(id, LeaseOption.DEFAULT)
				.orTimeout(this.connection.settings().requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
				.whenComplete((response, failure) -> audited(id, response, failure));
		}
		catch (RuntimeException ex) {
			this.auditing.set(false);
			logger.debug("Lease audit of {} could not start: {}", Long.toHexString(id), ex.toString());
			return;
		}
		this.auditSent.run();
	}

	/** On jetcd's thread: decides only; {@code onLost} hands the repair to the registry's queue. */
	private void audited(long id, LeaseTimeToLiveResponse response, Throwable failure) {
		this.auditing.set(false);
		if (failure == null) {
			if (response.getTTL() <= 0) {
				this.onLost.accept(id, "etcd reports it expired");
			}
		}
		else if (EtcdErrors.isLeaseNotFound(failure)) {
			this.onLost.accept(id, "etcd no longer knows it");
		}
		else {
			if (EtcdErrors.unwrap(failure) instanceof TimeoutException) {
				this.connection.authTokens().suspect(); // as a timed-out await would
			}
			logger.debug("Lease audit of {} failed: {}", Long.toHexString(id), failure.toString());
		}
	}

	@Override
	public void close() {
		this.audit.cancel(false);
		stopKeepAlive();
	}

	private final class Renewals implements StreamObserver<LeaseKeepAliveResponse> {

		private final long id;

		Renewals(long id) {
			this.id = id;
		}

		@Override
		public void onNext(LeaseKeepAliveResponse response) {
			lastRenewalNanos = System.nanoTime();
			if (interrupted) {
				interrupted = false;
				logger.info("Lease {} is renewed again", Long.toHexString(this.id));
			}
		}

		@Override
		public void onError(Throwable error) {
			if (EtcdErrors.isLeaseNotFound(error)) {
				onLost.accept(this.id, "etcd no longer knows it (revoked, expired or etcd wiped)");
			}
			else if (!interrupted) {
				interrupted = true;
				logger.warn("Renewing lease {} failed ({}); jetcd keeps trying, and the instances are written again "
						+ "if the lease expires meanwhile", Long.toHexString(this.id), error.getMessage());
			}
		}

		@Override
		public void onCompleted() {
			onLost.accept(this.id, "no renewal succeeded within its " + ttl.toSeconds() + " s TTL");
		}

	}

}
