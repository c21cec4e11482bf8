package dev.etcdregistry.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Proves that code under test released what it opened: take a check before, call
 * {@link #assertNothingLeft()} after closing. Compares the live threads started by
 * etcd-registry, jetcd, Vert.x and gRPC, and the watchers etcd itself counts
 * ({@code etcd_debugging_mvcc_watcher_total} on its metrics page).
 */
public final class LeakCheck {

	private static final Pattern WATCHERS = Pattern.compile("(?m)^etcd_debugging_mvcc_watcher_total (\\d+)");

	private static final List<String> OWNED_THREADS = List.of("etcd-registry-", "jetcd", "vert.x", "grpc");

	private static final Duration SETTLE = Duration.ofSeconds(15);

	private final EtcdCluster etcd;

	private final Set<Thread> threadsBefore;

	private final long watchersBefore;

	private LeakCheck(EtcdCluster etcd) {
		this.etcd = etcd;
		this.threadsBefore = liveThreads();
		this.watchersBefore = serverWatchers(etcd);
	}

	/** Records the threads and server watchers that exist now. */
	public static LeakCheck start(EtcdCluster etcd) {
		return new LeakCheck(etcd);
	}

	/** The watchers the first node of the cluster counts right now. */
	public static long serverWatchers(EtcdCluster etcd) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(etcd.endpoints().get(0) + "/metrics"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
			Matcher matcher = WATCHERS.matcher(response.body());
			if (!matcher.find()) {
				throw new IllegalStateException("etcd's /metrics has no etcd_debugging_mvcc_watcher_total");
			}
			return Long.parseLong(matcher.group(1));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read etcd's /metrics: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted reading etcd's /metrics", ex);
		}
	}

	/** Server watchers opened since the check started. */
	public long newServerWatchers() {
		return serverWatchers(this.etcd) - this.watchersBefore;
	}

	/**
	 * Names of the threads of etcd-registry, jetcd, Vert.x or gRPC started since the check
	 * started. An idle thread of gRPC's shared executor is not counted: that pool belongs to the
	 * whole JVM, lives while any channel is open (the test's own clients included) and keeps idle
	 * threads for a minute, so a thread it added during the test proves nothing; one that is
	 * still running a task does.
	 */
	public List<String> newThreads() {
		return liveThreads().stream()
			.filter(thread -> !this.threadsBefore.contains(thread))
			.filter(thread -> !isIdleSharedGrpcThread(thread))
			.map(Thread::getName)
			.filter(name -> OWNED_THREADS.stream().anyMatch(name::startsWith))
			.sorted()
			.toList();
	}

	/**
	 * Waits (up to 15 s, things shut down asynchronously) until no new thread and no new
	 * server watcher is left.
	 * @throws AssertionError naming what is left
	 */
	public void assertNothingLeft() {
		long deadline = System.nanoTime() + SETTLE.toNanos();
		while (true) {
			List<String> threads = newThreads();
			long watchers = newServerWatchers();
			if (threads.isEmpty() && watchers <= 0) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Left behind after " + SETTLE.toSeconds() + " s: " + threads.size()
						+ " thread(s) " + threads + " and " + watchers + " etcd watcher(s)");
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted while waiting for resources to be released", ex);
			}
		}
	}

	private static boolean isIdleSharedGrpcThread(Thread thread) {
		if (!thread.getName().startsWith("grpc-default-executor-")) {
			return false;
		}
		StackTraceElement[] stack = thread.getStackTrace();
		return Arrays.stream(stack)
			.anyMatch(frame -> frame.getClassName().equals("java.util.concurrent.ThreadPoolExecutor")
					&& frame.getMethodName().equals("getTask"));
	}

	private static Set<Thread> liveThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
	}

}
