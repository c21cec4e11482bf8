package dev.etcdregistry.test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Probes etcd's {@code /health} endpoint and client port, and waits for nodes to pass them. */
final class Readiness {

	static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

	/** The probe's client for plain-text clusters. */
	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

	private Readiness() {
	}

	/** One {@code GET /health}; etcd answers {@code {"health":"true"}} once it has a leader and serves reads. */
	static boolean isHealthy(String clientEndpoint, HttpClient http) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(clientEndpoint + "/health"))
			.timeout(PROBE_TIMEOUT)
			.GET()
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().replace(" ", "").contains("\"health\":\"true\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Whether something accepts TCP connections on {@code host:port}. */
	static boolean isListening(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), (int) PROBE_TIMEOUT.toMillis());
			return true;
		}
		catch (ConnectException ex) {
			return false;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Waits until every node passes {@code ready}. Fails at once when a node's process exits
	 * (with {@link PortInUseException} when it lost a port race) and after {@link #START_TIMEOUT}
	 * otherwise, in both cases with the tail of the node's log.
	 */
	static void awaitAll(List<ProcessEtcdNode> nodes, Predicate<ProcessEtcdNode> ready, String state) {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (true) {
			boolean allReady = true;
			for (ProcessEtcdNode node : nodes) {
				node.throwIfExited();
				allReady &= ready.test(node);
			}
			if (allReady) {
				return;
			}
			if (System.nanoTime() > deadline) {
				ProcessEtcdNode laggard = nodes.stream().filter(ready.negate()).findFirst().orElse(nodes.get(0));
				throw new IllegalStateException("etcd node " + laggard.name() + " (" + laggard.clientEndpoint()
						+ ") did not become " + state + " within " + START_TIMEOUT.toSeconds() + " s. "
						+ laggard.describeLog());
			}
			Futures.pause(POLL_INTERVAL);
		}
	}
}
