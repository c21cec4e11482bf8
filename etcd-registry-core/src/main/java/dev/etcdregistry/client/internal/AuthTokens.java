package dev.etcdregistry.client.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.Response;
import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.StatusRequest;
import io.etcd.jetcd.api.StatusResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when jetcd must drop the auth token it caches, for one connection.
 *
 * <p>jetcd drops its token by itself when etcd answers "invalid auth token". After etcd was
 * wiped and set up again, etcd does not answer at all: a simple token ends in the raft index it
 * was issued at, and etcd holds every request that bears it until the new cluster reaches that
 * index — for a busy old cluster, never. Calls time out and watches never start. But a timeout
 * is far more often a slow or stopped etcd, and dropping the token then is harmful: jetcd sends
 * one {@code Authenticate} (a bcrypt check on etcd) per call in flight, exactly when etcd can
 * least take it. So a timeout only makes this class {@linkplain #suspect() look for evidence}:
 * one {@code Status} call (which etcd answers without a token, so a stale one cannot hold it)
 * tells whether the cluster is another one, behind the revision this connection saw, or behind
 * the raft index the token names. Only then is the token dropped. Probes are single-flight and
 * at most one per request timeout; so are drops.
 *
 * <p>jetcd has no public way to reset its token or reach its channel ({@link JetcdAuth} reaches
 * them). Should a later jetcd move them, one warning says so and a suspicion drops the token
 * (still at most once per request timeout), as this library did before it had evidence.
 *
 * <p>The same check runs without a user name, for another reason: when it gets no answer at
 * all within the request timeout, the connection itself may be stuck (accepted, never
 * answered), and {@link StuckConnections} opens new ones.
 */
public final class AuthTokens {

	private static final Logger logger = LoggerFactory.getLogger(AuthTokens.class);

	private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

	/** The history this connection's answers came from. */
	record Seen(long clusterId, long revision) {
	}

	private final Client client;

	private final boolean enabled;

	private final long intervalNanos;

	private final AtomicReference<Seen> seen = new AtomicReference<>(new Seen(0, 0));

	/** The check in flight, if any. */
	private final AtomicReference<CompletableFuture<Void>> probe = new AtomicReference<>();

	private final AtomicLong lastProbe;

	private final AtomicLong lastDrop;

	private final AtomicLong probes = new AtomicLong();

	private final AtomicLong drops = new AtomicLong();

	private final StuckConnections stuck;

	/**
	 * @param client the connection's client
	 * @param authenticated whether the client logs in with a user name (else there is no token)
	 * @param requestTimeout the shortest time between two probes, and between two drops
	 * @param stuck told when a probe gets no answer at all
	 */
	public AuthTokens(Client client, boolean authenticated, Duration requestTimeout, StuckConnections stuck) {
		this.client = client;
		this.stuck = stuck;
		this.enabled = authenticated;
		this.intervalNanos = requestTimeout.toNanos();
		long longAgo = System.nanoTime() - 2 * this.intervalNanos;
		this.lastProbe = new AtomicLong(longAgo);
		this.lastDrop = new AtomicLong(longAgo);
	}

	/** An answer etcd accepted: it describes the history this connection now follows. */
	public void saw(Response.Header header) {
		this.stuck.answered();
		long cluster = header.getClusterId();
		long revision = header.getRevision();
		// the highest revision of the cluster that last answered; another cluster that accepts our token (after a
		// wipe and a new login) becomes the reference instead
		this.seen.updateAndGet((old) -> (cluster != old.clusterId()) ? new Seen(cluster, revision)
				: (revision > old.revision()) ? new Seen(cluster, revision) : old);
	}

	/**
	 * A call or a watch got no answer in time. Checks, without blocking and without a token,
	 * whether etcd is another history than the token was issued in, and drops the token if so;
	 * when the check gets no answer either, tells {@link StuckConnections}. Starts no check
	 * while one runs or within a request timeout of the last one.
	 * @return completes once the check that covers this suspicion is done (at once when none
	 * runs), so that a caller can start its watch again with the right token
	 */
	public CompletableFuture<Void> suspect() {
		CompletableFuture<Void> running = this.probe.get();
		if (running != null) {
			return running;
		}
		long now = System.nanoTime();
		CompletableFuture<Void> mine = new CompletableFuture<>();
		if (now - this.lastProbe.get() < this.intervalNanos || !this.probe.compareAndSet(null, mine)) {
			running = this.probe.get();
			return (running != null) ? running : DONE;
		}
		this.lastProbe.set(now);
		this.probes.incrementAndGet();
		Channel channel = JetcdAuth.channel(this.client);
		if (channel == null) {
			dropIfAuthenticated("no answer in time, and jetcd's channel cannot be reached to check why");
			return finish(mine);
		}
		Seen before = this.seen.get();
		long tokenIndex = JetcdAuth.tokenIndex(this.client);
		try {
			MaintenanceGrpc.newStub(channel)
				.withDeadlineAfter(this.intervalNanos, TimeUnit.NANOSECONDS)
				.status(StatusRequest.getDefaultInstance(), new StreamObserver<>() {

					@Override
					public void onNext(StatusResponse status) {
						AuthTokens.this.stuck.answered();
						String evidence = evidence(before, tokenIndex, status);
						if (evidence != null) {
							dropIfAuthenticated(evidence);
						}
					}

					@Override
					public void onError(Throwable error) {
						logger.debug("etcd did not answer the status check either ({}): it is down or slow, or the "
								+ "connection is stuck; keeping the token", error.getMessage());
						if (Status.fromThrowable(error).getCode() == Status.Code.DEADLINE_EXCEEDED) {
							// no answer at all (a refused connection fails at once instead): the connection may be stuck
							AuthTokens.this.stuck.noAnswer();
						}
						finish(mine);
					}

					@Override
					public void onCompleted() {
						finish(mine);
					}
				});
		}
		catch (RuntimeException ex) {
			logger.debug("Could not check the auth token: {}", ex.toString());
			finish(mine);
		}
		return mine;
	}

	private CompletableFuture<Void> finish(CompletableFuture<Void> check) {
		this.probe.compareAndSet(check, null);
		check.complete(null);
		return check;
	}

	/** etcd answered "invalid auth token" or "revision of auth store is old": the token is stale. */
	public void rejected() {
		dropIfAuthenticated("etcd rejected it");
	}

	/** How many times the connections were renewed because a check got no answer (for tests and diagnostics). */
	public long renewals() {
		return this.stuck.renewals();
	}

	/** How many checks {@link #suspect()} started (for tests and diagnostics). */
	public long probes() {
		return this.probes.get();
	}

	/** How many times the token was dropped (for tests and diagnostics). */
	public long drops() {
		return this.drops.get();
	}

	static String evidence(Seen before, long tokenIndex, StatusResponse status) {
		long cluster = status.getHeader().getClusterId();
		long revision = status.getHeader().getRevision();
		if (before.clusterId() != 0 && cluster != before.clusterId()) {
			return "etcd is another cluster (id " + Long.toHexString(cluster) + ", was "
					+ Long.toHexString(before.clusterId()) + ")";
		}
		if (revision < before.revision()) {
			return "etcd is at revision " + revision + ", behind the " + before.revision() + " this process saw";
		}
		long applied = (status.getRaftAppliedIndex() > 0) ? status.getRaftAppliedIndex() : status.getRaftIndex();
		if (tokenIndex > 0 && applied > 0 && tokenIndex > applied) {
			// exactly when etcd holds a request that bears it, until its raft log gets there
			return "the token names raft index " + tokenIndex + ", beyond etcd's " + applied;
		}
		return null;
	}

	private void dropIfAuthenticated(String why) {
		if (!this.enabled) {
			return;
		}
		long now = System.nanoTime();
		long last = this.lastDrop.get();
		if (now - last < this.intervalNanos || !this.lastDrop.compareAndSet(last, now)) {
			return;
		}
		this.drops.incrementAndGet();
		logger.info("Dropping the etcd auth token ({}); the next call authenticates again", why);
		JetcdAuth.refresh(this.client);
	}

}
