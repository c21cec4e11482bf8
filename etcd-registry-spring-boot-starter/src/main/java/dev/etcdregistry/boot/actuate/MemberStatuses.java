package dev.etcdregistry.boot.actuate;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.etcd.jetcd.maintenance.StatusResponse;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;

/**
 * Asks every configured endpoint for its member status, all at once and within one request
 * timeout in total, so that a dead or frozen member cannot hold a health check for long.
 */
final class MemberStatuses {

	private static final Duration SMALLEST_WAIT = Duration.ofMillis(1);

	private final Map<String, Object> details = new LinkedHashMap<>();

	private EtcdRegistryException lastFailure;

	private long leader;

	private int reachable;

	private MemberStatuses() {
	}

	/**
	 * Asks every endpoint for its status through {@code calls} and waits at most one request
	 * timeout in total. A call that outlives the wait is left to end by its own deadline, for
	 * the next probe to join.
	 */
	static MemberStatuses query(EtcdConnection connection, MemberStatusCalls calls) {
		Map<String, CompletableFuture<StatusResponse>> pending = new LinkedHashMap<>();
		for (URI endpoint : connection.settings().endpoints()) {
			String target = endpoint.toString();
			pending.put(target, calls.statusOf(target));
		}
		Duration timeout = connection.settings().requestTimeout();
		long deadline = System.nanoTime() + timeout.toNanos();
		MemberStatuses statuses = new MemberStatuses();
		pending.forEach((endpoint, call) -> {
			String operation = "Status of etcd member " + endpoint;
			try {
				statuses.answered(endpoint,
						call.get(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS));
			}
			catch (TimeoutException ex) {
				// not connection.await: its timeout handling is for calls that need a token, which
				// a status call does not
				statuses.failed(endpoint, timedOut(operation, timeout, ex));
			}
			catch (ExecutionException ex) {
				EtcdRegistryException failure = translated(connection, call, operation);
				// the call's own deadline (it may have been sent by an earlier check) says the same
				statuses.failed(endpoint,
						(failure.reason() == Reason.TIMEOUT) ? timedOut(operation, timeout, failure) : failure);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				statuses.failed(endpoint, new EtcdRegistryException(Reason.INTERRUPTED, operation + " was interrupted", ex));
			}
		});
		return statuses;
	}

	private static EtcdRegistryException timedOut(String operation, Duration timeout, Exception cause) {
		return new EtcdRegistryException(Reason.TIMEOUT, operation + " failed: no answer within " + timeout.toMillis()
				+ " ms; the member may be down, frozen or overloaded", cause);
	}

	/** The connection's reading of a failed call: names the cause and what to do. */
	private static EtcdRegistryException translated(EtcdConnection connection,
			CompletableFuture<StatusResponse> failed, String operation) {
		try {
			connection.await(failed, operation, SMALLEST_WAIT);
			throw new IllegalStateException(operation + " failed and succeeded at once");
		}
		catch (EtcdRegistryException ex) {
			return ex;
		}
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
