package dev.etcdregistry.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A TCP proxy on 127.0.0.1 in front of one etcd endpoint, so that a test can cut a client off
 * from a server that keeps running — at any moment, or at an exact point of the gRPC
 * conversation.
 *
 * <ul>
 * <li>{@link #cut()} drops every connection and refuses new ones (as a network partition
 * would); {@link #resume()} lets connections through again.</li>
 * <li>{@link #stall()} keeps connections open but forwards nothing (a server that accepts and
 * hangs) until {@link #resume()}.</li>
 * <li>{@link #blackhole()} holds every connection accepted from then on open and silent: never
 * forwarded, never answered, never closed by the proxy (a load balancer whose backend hangs, a
 * half-dead host). A gRPC client waits for ever for the server's first frame on such a
 * connection. {@link #resume()} forwards the connections accepted after it again; the held
 * ones stay silent until the client closes them, or {@link #cut()} or {@link #close()}.</li>
 * <li>{@link #cutAfter(Direction, Predicate)} arms a one-shot cut: the proxy reads the HTTP/2
 * frames going one way, and once a gRPC message matches, it delivers the frame that ends that
 * message and nothing after it, then cuts. {@link #watchCreated()} matches etcd's "created"
 * watch response: cut there, and the catch-up events etcd sends next are never delivered.</li>
 * </ul>
 *
 * <pre>{@code
 * try (CuttableProxy proxy = CuttableProxy.to(etcd.endpoints().get(0))) {
 *     CompletableFuture<Void> cut = proxy.cutAfter(Direction.TO_CLIENT, CuttableProxy.watchCreated());
 *     // connect a client to proxy.endpoint(), start a watch from an old revision ...
 *     cut.get(30, TimeUnit.SECONDS);
 *     proxy.resume();
 * }
 * }</pre>
 *
 * Plain-text connections only (no TLS: the proxy must read the frames).
 *
 * <p>Longer than our usual class because its fault handles (cut, stall, cut-after, blackhole)
 * all act on the same set of live connections and its one accept loop; apart, each would need
 * that state shared back.
 */
public final class CuttableProxy implements AutoCloseable {

	/** Which way bytes flow through the proxy. */
	public enum Direction {

		/** From the client to etcd. */
		TO_SERVER,

		/** From etcd to the client. */
		TO_CLIENT

	}

	/** A cut armed by {@link #cutAfter}: its direction, its message test and what to complete. */
	record Trigger(Direction direction, Predicate<byte[]> message, CompletableFuture<Void> done) {
	}

	private final InetSocketAddress upstream;

	private final ServerSocket server;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final AtomicReference<Trigger> trigger = new AtomicReference<>();

	private volatile boolean cut;

	private final Object flow = new Object();

	private boolean stalled;

	private volatile boolean closed;

	private volatile boolean blackholed;

	/** Connections held by {@link #blackhole()} that their client has not closed. */
	private final List<Socket> held = new CopyOnWriteArrayList<>();

	private CuttableProxy(String endpoint) throws IOException {
		URI uri = URI.create(endpoint);
		this.upstream = new InetSocketAddress(uri.getHost(), uri.getPort());
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::acceptLoop, "cuttable-proxy-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Starts a proxy in front of {@code endpoint} (like {@code http://127.0.0.1:2379}).
	 * @throws IOException when no local port can be opened
	 */
	public static CuttableProxy to(String endpoint) throws IOException {
		return new CuttableProxy(endpoint);
	}

	/** The endpoint clients should use instead of the real one. */
	public String endpoint() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	/** Drops all connections (held ones too) and refuses new ones until {@link #resume()}. */
	public void cut() {
		this.cut = true;
		this.blackholed = false;
		this.sockets.forEach(CuttableProxy::closeQuietly);
		this.sockets.clear();
		this.held.forEach(CuttableProxy::closeQuietly);
		this.held.clear();
	}

	/**
	 * From now on, accepts connections and holds them open and silent: nothing is forwarded to
	 * etcd, no byte comes back, the proxy never closes them (what the client sends is read and
	 * discarded, only to notice when the client closes one). Replaces a {@link #cut()}; the
	 * connections already forwarded stay as they are. {@link #resume()} forwards the
	 * connections accepted after it; the held ones stay silent until their client closes them,
	 * or {@link #cut()} or {@link #close()}.
	 */
	public void blackhole() {
		this.blackholed = true;
		this.cut = false;
	}

	/** How many connections {@link #blackhole()} holds that their client has not closed yet. */
	public int heldConnections() {
		return this.held.size();
	}

	/** Keeps every connection open but forwards no byte either way until {@link #resume()}. */
	public void stall() {
		synchronized (this.flow) {
			this.stalled = true;
		}
	}

	/**
	 * Ends a cut and a {@linkplain #blackhole() blackhole} (new connections get through again;
	 * held ones stay silent) and a stall (bytes flow again).
	 */
	public void resume() {
		this.cut = false;
		this.blackholed = false;
		synchronized (this.flow) {
			this.stalled = false;
			this.flow.notifyAll();
		}
	}

	/** Blocks a pump while the proxy is stalled. */
	void awaitFlowing() throws java.io.IOException {
		synchronized (this.flow) {
			while (this.stalled && !this.closed) {
				try {
					this.flow.wait(100);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new java.io.InterruptedIOException("interrupted while stalled");
				}
			}
		}
	}

	/** Whether the proxy is cut (by {@link #cut()} or a triggered {@link #cutAfter}). */
	public boolean isCut() {
		return this.cut;
	}

	/**
	 * Cuts (as {@link #cut()}) right after the first gRPC message going {@code direction} that
	 * {@code message} accepts: the HTTP/2 frame that ends it is delivered, nothing after it.
	 * One-shot; a later call replaces a cut not yet triggered.
	 * @param message sees each gRPC message's protobuf bytes (without gRPC's 5-byte prefix)
	 * @return completed once the cut happened
	 */
	public CompletableFuture<Void> cutAfter(Direction direction, Predicate<byte[]> message) {
		Trigger armed = new Trigger(direction, message, new CompletableFuture<>());
		this.trigger.set(armed);
		return armed.done();
	}

	/** Matches etcd's {@code WatchResponse} with {@code created = true}. */
	public static Predicate<byte[]> watchCreated() {
		return GrpcFrames::isWatchCreated;
	}

	/** A pump's message matched: whether it is the one to deliver it and then {@link #cut(Trigger)}. */
	boolean claim(Trigger fired) {
		return this.trigger.compareAndSet(fired, null);
	}

	void cut(Trigger fired) {
		cut();
		fired.done().complete(null);
	}

	Trigger trigger(Direction direction) {
		Trigger armed = this.trigger.get();
		return (armed != null && armed.direction() == direction) ? armed : null;
	}

	private void acceptLoop() {
		while (!this.closed) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				continue; // a closed server socket: the loop ends once closed
			}
			if (this.cut) {
				closeQuietly(client);
				continue;
			}
			if (this.blackholed) {
				hold(client);
				continue;
			}
			Socket target = new Socket();
			try {
				target.connect(this.upstream, 2000);
			}
			catch (IOException ex) {
				// etcd is down: the client must see its connection end, as it would without the proxy. Left
				// open, it would be a connection accepted and never answered, until the GC happened to close it.
				closeQuietly(client);
				closeQuietly(target);
				continue;
			}
			this.sockets.add(client);
			this.sockets.add(target);
			start(new GrpcFrames.Pump(this, client, target, Direction.TO_SERVER));
			start(new GrpcFrames.Pump(this, target, client, Direction.TO_CLIENT));
		}
	}

	private void hold(Socket client) {
		this.held.add(client);
		Thread thread = new Thread(() -> {
			byte[] discarded = new byte[4096];
			try (java.io.InputStream in = client.getInputStream()) {
				while (in.read(discarded) >= 0) {
					// silent: nothing forwarded, nothing answered
				}
			}
			catch (IOException ex) {
				// closed by the client, or by cut()/close()
			}
			finally {
				closeQuietly(client);
				this.held.remove(client);
			}
		}, "cuttable-proxy-held");
		thread.setDaemon(true);
		thread.start();
	}

	private void start(GrpcFrames.Pump pump) {
		Thread thread = new Thread(() -> {
			try {
				pump.run();
			}
			catch (IOException ex) {
				// one side went away
			}
			finally {
				closeQuietly(pump.from());
				closeQuietly(pump.to());
				this.sockets.remove(pump.from());
				this.sockets.remove(pump.to());
			}
		}, "cuttable-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing to do
		}
	}

	/** Cuts every connection and stops listening. */
	@Override
	public void close() {
		this.closed = true;
		resume();
		cut();
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// nothing to do
		}
	}

}
