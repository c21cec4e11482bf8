package dev.etcdregistry.boot.connection;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;

/**
 * The application's etcd connection, opened on a thread of its own as soon as the Environment
 * is prepared, so that the cold JVM's cost of the first connection (loading and JIT-ing
 * jetcd, gRPC, Netty and protobuf: most of a second on two cores) overlaps with the context's
 * own start. The {@code EtcdConnection} bean {@linkplain #claim claims} it; until then this
 * object owns it, and {@link #close()} (context closed, start failed, or the bean was defined
 * by the application) waits for the thread and closes whatever it opened.
 */
final class EarlyEtcdConnection implements AutoCloseable {

	static final String BEAN_NAME = "dev.etcdregistry.boot.connection.earlyEtcdConnection";

	private final EtcdSettings settings;

	private final CompletableFuture<EtcdConnection> connection = new CompletableFuture<>();

	private final AtomicBoolean taken = new AtomicBoolean();

	private final Thread thread;

	/** The connection while it is checked, so that {@link #close()} can cut the check short. */
	private volatile EtcdConnection opening;

	private volatile boolean abandoned;

	private EarlyEtcdConnection(EtcdSettings settings) {
		this.settings = settings;
		this.thread = new Thread(this::connect, "etcd-registry-connect");
		this.thread.setDaemon(true);
	}

	/** Starts connecting with {@code settings} on a daemon thread. */
	static EarlyEtcdConnection start(EtcdSettings settings) {
		EarlyEtcdConnection early = new EarlyEtcdConnection(settings);
		early.thread.start();
		return early;
	}

	private void connect() {
		try {
			EtcdConnection opened = EtcdConnection.open(this.settings);
			this.opening = opened;
			if (this.abandoned) {
				opened.close();
			}
			opened.checked();
			if (!this.connection.complete(opened)) {
				opened.close();
			}
		}
		catch (Throwable ex) {
			this.connection.completeExceptionally(ex);
		}
		finally {
			this.opening = null;
		}
	}

	/**
	 * The connection for the {@code EtcdConnection} bean: the early one when it was opened with
	 * the same settings (its failure is thrown here, unchanged), otherwise a new one.
	 * @param early the early connection, or {@code null} when there is none
	 * @param settings the bean's settings
	 * @return an open, verified connection, owned by the caller
	 */
	static EtcdConnection claimOrConnect(EarlyEtcdConnection early, EtcdSettings settings) {
		if (early == null || !early.settings.equals(settings) || !early.taken.compareAndSet(false, true)) {
			if (early != null) {
				early.close();
			}
			return EtcdConnection.connect(settings);
		}
		return early.join();
	}

	private EtcdConnection join() {
		// connect() is bounded by the connect timeout (and the TLS diagnosis by as much again)
		Duration bound = this.settings.connectTimeout().multipliedBy(3).plusSeconds(30);
		try {
			EtcdConnection opened = this.connection.get(bound.toMillis(), TimeUnit.MILLISECONDS);
			this.thread.join(1000);
			return opened;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new EtcdRegistryException(Reason.UNREACHABLE, "Connecting to etcd at "
					+ this.settings.endpointsAsString() + " failed: " + ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			abandon();
			throw new EtcdRegistryException(Reason.UNREACHABLE, "Connecting to etcd at "
					+ this.settings.endpointsAsString() + " did not finish within " + bound.toSeconds() + " s", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			abandon();
			throw new EtcdRegistryException(Reason.INTERRUPTED, "Connecting to etcd was interrupted", ex);
		}
	}

	/** The connection the thread opened and checked, or {@code null} (still connecting, failed or abandoned). */
	EtcdConnection opened() {
		return this.connection.isDone() && !this.connection.isCompletedExceptionally() ? this.connection.getNow(null)
				: null;
	}

	/**
	 * Unless the bean took the connection: waits (bounded) for the thread to finish and closes
	 * what it opened, so nothing outlives a context that did not use it.
	 */
	@Override
	public void close() {
		if (this.taken.compareAndSet(false, true)) {
			abandon();
		}
	}

	private void abandon() {
		this.abandoned = true;
		// from now on the thread closes what it opens
		this.connection.cancel(false);
		EtcdConnection checking = this.opening;
		if (checking != null) {
			// fails the check at once, the thread then ends
			checking.close();
		}
		EtcdConnection opened = opened();
		if (opened != null) {
			opened.close();
		}
		try {
			this.thread.join(this.settings.connectTimeout().multipliedBy(3).plusSeconds(5).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
