package dev.etcdregistry.client.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens new connections when the current one gets no answer at all, for one etcd connection.
 *
 * <p>A TCP connection that etcd (or a proxy, a load balancer, a half-dead host in front of it)
 * accepts but never answers keeps gRPC's channel connecting for ever: gRPC has no handshake
 * deadline for plain text, and its keep-alive pings only run once the server has spoken. Every
 * call and watch start of the connection then waits in gRPC's queue until its deadline, and a
 * watch started again waits on the same connection. When even the tokenless {@code Status}
 * check of {@link AuthTokens} gets no answer within the request timeout, {@link #noAnswer()}
 * moves the channel to new connections ({@link JetcdChannels#enterIdle}): calls waiting and
 * calls to come use a new one; calls in flight finish on theirs.
 *
 * <p>When etcd is merely frozen or slow this happens once per request timeout while it lasts,
 * which costs one new TCP connection each time: gRPC closes the one it leaves (after its
 * subchannel shutdown delay, a few seconds), so nothing piles up. Single-flight and at most once per request timeout; the move runs on
 * {@code executor}, never on the gRPC callback that noticed (gRPC may start jetcd's name
 * resolver on the calling thread, which looks a host name up synchronously). Calls waiting
 * in gRPC's queue when it runs move to the new connection too, so the order against a watch
 * started again meanwhile does not matter. One warning per episode, until etcd answers again.
 */
public final class StuckConnections {

	private static final Logger logger = LoggerFactory.getLogger(StuckConnections.class);

	private final BooleanSupplier renew;

	private final Executor executor;

	private final String endpoints;

	private final Duration interval;

	private final AtomicLong lastRenewal;

	private final AtomicBoolean episode = new AtomicBoolean();

	private final AtomicLong renewals = new AtomicLong();

	/**
	 * @param renew moves the channel to new connections; {@code false} when it could not
	 * @param executor where the move runs (the connection's event pool)
	 * @param endpoints the endpoints, for the log line
	 * @param requestTimeout the shortest time between two moves
	 */
	public StuckConnections(BooleanSupplier renew, Executor executor, String endpoints, Duration requestTimeout) {
		this.renew = renew;
		this.executor = executor;
		this.endpoints = endpoints;
		this.interval = requestTimeout;
		this.lastRenewal = new AtomicLong(System.nanoTime() - 2 * requestTimeout.toNanos());
	}

	/**
	 * A check that etcd answers without a token got no answer within the request timeout.
	 * Non-blocking; safe on any thread (no lock of ours is taken).
	 */
	public void noAnswer() {
		long now = System.nanoTime();
		long last = this.lastRenewal.get();
		if (now - last < this.interval.toNanos() || !this.lastRenewal.compareAndSet(last, now)) {
			return;
		}
		try {
			this.executor.execute(this::renew);
		}
		catch (RejectedExecutionException ex) {
			// the connection is closing
		}
	}

	/** etcd answered: a later silence is a new episode, worth a warning again. */
	public void answered() {
		if (this.episode.get()) {
			this.episode.set(false);
		}
	}

	/** How many times the connections were renewed (for tests and diagnostics). */
	public long renewals() {
		return this.renewals.get();
	}

	private void renew() {
		if (!this.renew.getAsBoolean()) {
			return; // logged at debug by JetcdChannels; nothing else this library can do
		}
		this.renewals.incrementAndGet();
		if (this.episode.compareAndSet(false, true)) {
			logger.warn("No answer from etcd at {} within {} ms, not even to a status check; opening new connections "
					+ "(again each {} ms until it answers)", this.endpoints, this.interval.toMillis(),
					this.interval.toMillis());
		}
		else {
			logger.debug("Still no answer from etcd at {}; opening new connections again", this.endpoints);
		}
	}

}
