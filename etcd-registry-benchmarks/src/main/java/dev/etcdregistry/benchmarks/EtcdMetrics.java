package dev.etcdregistry.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads one gauge from etcd's Prometheus endpoint ({@code <client URL>/metrics}). */
final class EtcdMetrics {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private EtcdMetrics() {
	}

	static double gauge(String endpoint, String name) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/metrics"))
			.timeout(Duration.ofSeconds(5))
			.build();
		String body = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
		return body.lines()
			.filter((line) -> line.startsWith(name + " ") || line.startsWith(name + "{"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	static double watchStreams(String endpoint) throws Exception {
		return gauge(endpoint, "etcd_debugging_mvcc_watch_stream_total");
	}

	static double watchers(String endpoint) throws Exception {
		return gauge(endpoint, "etcd_debugging_mvcc_watcher_total");
	}

}
