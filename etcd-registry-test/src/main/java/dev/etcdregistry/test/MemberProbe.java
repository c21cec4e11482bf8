package dev.etcdregistry.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks one member about itself over its client port with plain HTTP, so that probing opens no
 * gRPC stream that could be mistaken for a client's: {@code POST /v3/maintenance/status}
 * (etcd's JSON gateway, no auth needed) for the member's and the leader's ids, and
 * {@code GET /metrics} for the gRPC streams it serves.
 */
final class MemberProbe {

	private static final Pattern MEMBER_ID = Pattern.compile("\"member_id\"\\s*:\\s*\"?(\\d+)");

	private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*\"?(\\d+)");

	private MemberProbe() {
	}

	/** What a member reports; ids are etcd's unsigned 64-bit ids kept as text. */
	record Status(String memberId, String leaderId) {

		boolean hasLeader() {
			return !this.leaderId.equals("0");
		}

		boolean isLeader() {
			return hasLeader() && this.leaderId.equals(this.memberId);
		}
	}

	/** The member's status, or {@code null} when it does not answer (stopped, or too busy). */
	static Status status(String clientEndpoint, HttpClient http) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(clientEndpoint + "/v3/maintenance/status"))
			.timeout(Readiness.PROBE_TIMEOUT)
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build();
		String body = send(request, http);
		if (body == null) {
			return null;
		}
		Matcher member = MEMBER_ID.matcher(body);
		if (!member.find()) {
			return null;
		}
		Matcher leader = LEADER.matcher(body);
		return new Status(member.group(1), leader.find() ? leader.group(1) : "0");
	}

	/**
	 * The gRPC streams of {@code method} the member serves right now: started minus finished,
	 * from its Prometheus counters.
	 * @return the count, or -1 when the member does not answer
	 */
	static long openStreams(String clientEndpoint, HttpClient http, String method) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(clientEndpoint + "/metrics"))
			.timeout(Readiness.PROBE_TIMEOUT)
			.GET()
			.build();
		String body = send(request, http);
		if (body == null) {
			return -1;
		}
		String label = "grpc_method=\"" + method + "\"";
		double started = 0;
		double handled = 0;
		for (String line : body.split("\n")) {
			if (line.startsWith("#") || !line.contains(label) || line.contains("grpc.health")) {
				continue;
			}
			double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			if (line.startsWith("grpc_server_started_total{")) {
				started += value;
			}
			else if (line.startsWith("grpc_server_handled_total{")) {
				handled += value;
			}
		}
		return Math.round(started - handled);
	}

	/**
	 * The node every running member names as its leader, as {@link EtcdCluster#leader()} describes.
	 * @throws IllegalStateException when a running member does not answer, has no leader, or
	 * names another leader than the rest
	 */
	static EtcdNode leader(List<EtcdNode> nodes, HttpClient http) {
		String leaderId = null;
		EtcdNode leader = null;
		for (EtcdNode node : nodes) {
			if (!node.isRunning()) {
				continue;
			}
			Status status = status(node.clientEndpoint(), http);
			if (status == null || !status.hasLeader()) {
				throw new IllegalStateException("etcd node " + node.name() + " has no leader (or does not answer)");
			}
			if (leaderId != null && !leaderId.equals(status.leaderId())) {
				throw new IllegalStateException("The members don't agree on a leader yet");
			}
			leaderId = status.leaderId();
			if (status.isLeader()) {
				leader = node;
			}
		}
		if (leader == null) {
			throw new IllegalStateException("No running node is the leader " + leaderId);
		}
		return leader;
	}

	private static String send(HttpRequest request, HttpClient http) {
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}
