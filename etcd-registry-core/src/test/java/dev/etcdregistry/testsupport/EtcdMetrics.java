package dev.etcdregistry.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.etcdregistry.test.EtcdNode;

/**
 * Reads counters from an etcd node's {@code /metrics} (Prometheus text), which etcd serves
 * without authentication on its client port.
 */
public final class EtcdMetrics {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private EtcdMetrics() {
	}

	/** How many calls of one gRPC method the node has started serving since it started. */
	public static long grpcCallsStarted(EtcdNode node, String grpcMethod) {
		String label = "grpc_method=\"" + grpcMethod + "\"";
		return scrape(node).lines()
			.filter((line) -> line.startsWith("grpc_server_started_total{") && line.contains(label))
			.mapToLong((line) -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private static String scrape(EtcdNode node) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(node.clientEndpoint() + "/metrics"))
			.timeout(Duration.ofSeconds(5))
			.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read " + request.uri(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted reading " + request.uri(), ex);
		}
	}

}
