package dev.etcdregistry.boot.actuate;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.etcd.jetcd.maintenance.StatusResponse;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.client.EtcdConnection;

/**
 * Asks every configured endpoint for its member status, all at once and within one request
 * timeout in total, so that a dead member cannot hold a health check for long.
 */
final class MemberStatuses {

	private static final Duration SMALLEST_WAIT = Duration.ofMillis(1);

	private final Map<String, Object> details = new LinkedHashMap<>();

	private EtcdRegistryException lastFailure;

	private long leader;

	private int reachable;

	private MemberStatuses() {
	}

	static MemberStatuses query(EtcdConnection connection) {
		Map<String, CompletableFuture<StatusResponse>> calls = new LinkedHashMap<>();
		for (URI endpoint : connection.settings().endpoints()) {
			String target = endpoint.toString();
			calls.put(target, connection.client().getMaintenanceClient().statusMember(target));
		}
		long deadline = System.nanoTime() + connection.settings().requestTimeout().toNanos();
		MemberStatuses statuses = new MemberStatuses();
		calls.forEach((endpoint, call) -> {
			Duration left = Duration.ofNanos(deadline - System.nanoTime());
			try {
				StatusResponse status = connection.await(call, "Status of etcd member " + endpoint,
						(left.compareTo(SMALLEST_WAIT) > 0) ? left : SMALLEST_WAIT);
				statuses.answered(endpoint, status);
			}
			catch (EtcdRegistryException ex) {
				statuses.failed(endpoint, ex);
			}
		});
		return statuses;
	}

	private void answered(String endpoint, StatusResponse status) {
		Map<String, Object> member = new LinkedHashMap<>();
		member.put("memberId", hex(status.getHeader().getMemberId()));
		member.put("version", status.getVersion());
		member.put("leader", hex(status.getLeader()));
		member.put("dbSize", status.getDbSize());
		member.put("raftIndex", status.getRaftIndex());
		member.put("raftTerm", status.getRaftTerm());
		if (!status.getErrorList().isEmpty()) {
			member.put("errors", status.getErrorList());
		}
		this.details.put(endpoint, member);
		this.reachable++;
		if (status.getLeader() != 0) {
			this.leader = status.getLeader();
		}
	}

	private void failed(String endpoint, EtcdRegistryException ex) {
		this.details.put(endpoint, Map.of("error", ex.getMessage()));
		this.lastFailure = ex;
	}

	/** Per endpoint: its status, or the error that kept it from answering. */
	Map<String, Object> details() {
		return this.details;
	}

	boolean anyReachable() {
		return this.reachable > 0;
	}

	boolean hasLeader() {
		return this.leader != 0;
	}

	/** The leader's member id in hex, as {@code etcdctl} prints it; {@code null} when none. */
	String leader() {
		return hasLeader() ? hex(this.leader) : null;
	}

	/** Why no endpoint answered; {@code null} when one did. */
	EtcdRegistryException failure() {
		return anyReachable() ? null : this.lastFailure;
	}

	static String hex(long id) {
		return Long.toHexString(id);
	}

}
