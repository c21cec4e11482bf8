package dev.etcdregistry.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.internal.AuthTokens;
import dev.etcdregistry.client.internal.ConnectionCheck;
import dev.etcdregistry.client.internal.EtcdErrors;
import dev.etcdregistry.client.internal.JetcdChannels;
import dev.etcdregistry.client.internal.JetcdClients;
import dev.etcdregistry.client.internal.StuckConnections;
import dev.etcdregistry.internal.DaemonThreads;

/**
 * An open, verified connection to etcd: the jetcd {@link Client} plus what every component
 * built on it shares (settings, a bounded way to wait for calls, and the threads that deliver
 * events). {@link #connect(EtcdSettings)} checks that etcd answers and accepts the
 * credentials, which jetcd's own builder does not.
 *
 * <p>Closing the connection closes the client and stops the shared threads; close the
 * components built on it first.
 *
 * <p>Longer than our usual class because it is the public handle every component shares, and
 * most of its lines are the contracts of its methods; building the jetcd client and judging the
 * startup check live in {@code client.internal} ({@code JetcdClients}, {@code ConnectionCheck}).
 */
public final class EtcdConnection implements AutoCloseable {

	/**
	 * Every thread etcd-registry starts (this connection's event pool and scheduler, a
	 * registry's queue) is a daemon whose name begins with this, so that a thread dump or a
	 * leak check can tell them apart; none outlives the component that started it.
	 */
	public static final String THREAD_NAME_PREFIX = "etcd-registry-";

	private static final Logger logger = LoggerFactory.getLogger(EtcdConnection.class);

	private final Client client;

	private final EtcdSettings settings;

	private final ExecutorService eventPool = Executors.newCachedThreadPool(DaemonThreads.named("event"));

	private final ScheduledThreadPoolExecutor scheduler;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final WatchActivity watchActivity = new WatchActivity(this.eventPool);

	private final AuthTokens authTokens;

	private volatile boolean verified;

	/** The call {@link #verify} waits for, if any. */
	private volatile CompletableFuture<?> checking;

	private EtcdConnection(Client client, EtcdSettings settings) {
		this.client = client;
		this.settings = settings;
		this.scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("scheduler"));
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		// on the event pool, not the scheduler: gRPC may start jetcd's name resolver on the calling thread, which
		// looks a host name up synchronously
		StuckConnections stuck = new StuckConnections(() -> !this.closed.get() && JetcdChannels.enterIdle(client),
				this.eventPool, settings.endpointsAsString(), settings.requestTimeout());
		this.authTokens = new AuthTokens(client, settings.username() != null, settings.requestTimeout(), stuck);
	}

	/**
	 * Connects to etcd and checks, within the connect timeout, that it answers and accepts the
	 * credentials.
	 * @param settings where and how to connect
	 * @return the open connection
	 * @throws EtcdRegistryException {@link Reason#UNREACHABLE} or
	 * {@link Reason#AUTHENTICATION_FAILED} with a message naming the endpoints and the fix
	 */
	public static EtcdConnection connect(EtcdSettings settings) {
		return open(settings).checked();
	}

	/**
	 * Checks, within the connect timeout, that etcd answers and accepts the credentials, as
	 * {@link #connect(EtcdSettings)} does; closes this connection when it does not.
	 * @return this connection
	 * @throws EtcdRegistryException as {@link #connect(EtcdSettings)} does
	 */
	public EtcdConnection checked() {
		try {
			verify(this.settings.connectTimeout());
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
		logger.info("Connected to etcd at {}{}", this.settings.endpointsAsString(),
				this.settings.namespace().isEmpty() ? "" : " (namespace '" + this.settings.namespace() + "')");
		return this;
	}

	/**
	 * Opens a connection without checking that etcd answers, for applications that must start
	 * while etcd is down: calls made on it fail (or are retried by the components built on it)
	 * until etcd answers. With a supplied {@link TlsSettings#sslContext()} a failed TLS handshake
	 * is reported as {@link Reason#UNREACHABLE} (this library cannot shake hands with that
	 * context itself to tell). Settings are checked as by {@link #connect(EtcdSettings)}; call
	 * {@link #verify(Duration)} or {@link #checked()} to check etcd too. A caller that may have to
	 * abandon the connection while it is being checked can {@link #close()} it from another
	 * thread: the check then fails at once instead of after the connect timeout.
	 * @param settings where and how to connect
	 * @return the connection, not yet {@linkplain #isVerified() verified}
	 */
	public static EtcdConnection open(EtcdSettings settings) {
		return new EtcdConnection(JetcdClients.newClient(settings), settings);
	}

	/**
	 * Wraps a client built elsewhere (for example one with TLS settings of its own) without
	 * checking it; call {@link #verify(Duration)} to check. The client is closed with this
	 * connection. Its namespace must be the one in {@code settings}.
	 */
	public static EtcdConnection wrap(Client client, EtcdSettings settings) {
		return new EtcdConnection(client, settings);
	}

	/**
	 * Checks that etcd answers and that the credentials are accepted.
	 * @param timeout how long to wait
	 * @throws EtcdRegistryException when it does not, saying why
	 */
	public void verify(Duration timeout) {
		ensureOpen();
		try {
			CompletableFuture<?> call = ConnectionCheck.start(this.client, this.settings);
			this.checking = call;
			if (this.closed.get()) {
				call.cancel(true);
			}
			await(call, ConnectionCheck.WHAT, timeout);
			this.verified = true;
		}
		catch (CancellationException ex) {
			throw ConnectionCheck.closed(this.settings, ex);
		}
		catch (EtcdRegistryException ex) {
			ConnectionCheck.judge(ex, this.settings, timeout);
			this.verified = true;
		}
		finally {
			this.checking = null;
		}
	}

	/**
	 * Whether {@link #verify(Duration)} succeeded on this connection: always after
	 * {@link #connect(EtcdSettings)}, not until then after {@link #open(EtcdSettings)} or
	 * {@link #wrap(Client, EtcdSettings)}. Components use it to decide whether to wait for their
	 * first read or start in the background.
	 */
	public boolean isVerified() {
		return this.verified;
	}

	/** The jetcd client; owned by this connection. */
	public Client client() {
		return this.client;
	}

	public EtcdSettings settings() {
		return this.settings;
	}

	/**
	 * Makes the calls started from now on use new connections to etcd, while the calls in flight
	 * finish on the current ones: for when what a connection was opened with has changed (a
	 * rotated client certificate in a supplied {@link TlsSettings#sslContext()}) and etcd should
	 * see the new one without cutting anything. The current connections are not closed: they
	 * close once idle; long-lived streams (watches, lease keep-alives) stay on them until the
	 * caller cuts those connections, after which jetcd resumes them on new ones.
	 * @return {@code true} when done; {@code false} when this jetcd version keeps its channel
	 * where this library does not look (logged at debug), and nothing changed
	 */
	public boolean renewConnections() {
		ensureOpen();
		return JetcdChannels.enterIdle(this.client);
	}

	/**
	 * Waits for an etcd call for at most the request timeout.
	 * @param call the call in flight
	 * @param operation what it does, naming the key, for messages (e.g. {@code "put of '/a'"})
	 * @return its result
	 * @throws EtcdRegistryException when it fails or takes too long
	 */
	public <T> T await(CompletableFuture<T> call, String operation) {
		return await(call, operation, this.settings.requestTimeout());
	}

	/** Like {@link #await(CompletableFuture, String)} with an explicit bound. */
	public <T> T await(CompletableFuture<T> call, String operation, Duration timeout) {
		try {
			T result = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (result instanceof Response response && response.getHeader() != null) {
				this.authTokens.saw(response.getHeader());
			}
			return result;
		}
		catch (TimeoutException ex) {
			call.cancel(true);
			// usually a slow or stopped etcd; but a wiped one holds calls whose token names a raft index it has not
			// reached: check which (without blocking), and only then make jetcd log in again
			this.authTokens.suspect();
			throw new EtcdRegistryException(Reason.TIMEOUT, operation + " failed: etcd at "
					+ this.settings.endpointsAsString() + " did not answer within " + ConnectionCheck.pretty(timeout)
					+ "; it may be down or overloaded (a write may still be applied later); raise the request "
					+ "timeout if etcd is just slow", ex);
		}
		catch (ExecutionException ex) {
			if (EtcdErrors.isStaleToken(ex)) {
				this.authTokens.rejected();
			}
			throw EtcdErrors.translate(ex, operation, this.settings.endpointsAsString(), this.settings.namespace());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			call.cancel(true);
			throw new EtcdRegistryException(Reason.INTERRUPTED, operation + " was interrupted", ex);
		}
	}

	/**
	 * When jetcd must authenticate again: components that notice etcd not answering (a watch it
	 * never confirms) report it here. Internal to this library.
	 */
	public AuthTokens authTokens() {
		return this.authTokens;
	}

	/**
	 * The pool on which this connection's components deliver events; wrap it in a serial
	 * executor to keep order. Stopped on close.
	 */
	public ExecutorService eventPool() {
		return this.eventPool;
	}

	/** What the watches on this connection are doing: counts, cached keys, interruptions and re-reads. */
	public WatchActivity watchActivity() {
		return this.watchActivity;
	}

	/** One shared thread for timers and retries; tasks must be short. Stopped on close. */
	public ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	public boolean isClosed() {
		return this.closed.get();
	}

	/** Throws {@link Reason#CLOSED} if this connection was closed. */
	public void ensureOpen() {
		if (this.closed.get()) {
			throw new EtcdRegistryException(Reason.CLOSED, "the etcd connection to "
					+ this.settings.endpointsAsString() + " is closed");
		}
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.watchActivity.clear();
			CompletableFuture<?> check = this.checking;
			if (check != null) {
				// a connection abandoned while it is checked: end the check now, not at the connect timeout
				check.cancel(true);
			}
			this.scheduler.shutdownNow();
			this.eventPool.shutdown();
			try {
				if (!this.eventPool.awaitTermination(2, TimeUnit.SECONDS)) {
					this.eventPool.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.eventPool.shutdownNow();
			}
			this.client.close();
		}
	}

	/** UTF-8 bytes of a key or value. */
	public static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

}
