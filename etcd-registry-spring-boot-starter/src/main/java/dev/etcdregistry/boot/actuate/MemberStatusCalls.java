package dev.etcdregistry.boot.actuate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.etcd.jetcd.maintenance.StatusResponse;

import dev.etcdregistry.client.EtcdConnection;

/**
 * The status calls of one health indicator, at most one in flight per etcd member: a probe that
 * finds a call to a member still waiting joins it instead of sending another. jetcd opens a
 * gRPC channel per status call; without this, a member that accepts connections but never
 * answers would gain a channel with every probe, however often the health endpoint is hit.
 * The connection gives each status call a deadline, after which jetcd closes its channel.
 */
final class MemberStatusCalls {

	private final EtcdConnection connection;

	private final ConcurrentMap<String, CompletableFuture<StatusResponse>> inFlight = new ConcurrentHashMap<>();

	MemberStatusCalls(EtcdConnection connection) {
		this.connection = connection;
	}

	/**
	 * The status call to {@code endpoint} still in flight, or a new one.
	 * @param endpoint a client URL of the member
	 * @return a future that only ends when the call does: cancelling it does not stop the call
	 */
	CompletableFuture<StatusResponse> statusOf(String endpoint) {
		CompletableFuture<StatusResponse> fresh = new CompletableFuture<>();
		// only our own future goes in under the map's lock; jetcd is called after it is released
		CompletableFuture<StatusResponse> current = this.inFlight.compute(endpoint,
				(key, previous) -> (previous != null && !previous.isDone()) ? previous : fresh);
		if (current == fresh) {
			send(endpoint, fresh);
		}
		return current.copy();
	}

	private void send(String endpoint, CompletableFuture<StatusResponse> result) {
		try {
			this.connection.client().getMaintenanceClient().statusMember(endpoint).whenComplete((status, failure) -> {
				if (failure != null) {
					result.completeExceptionally(failure);
				}
				else {
					result.complete(status);
				}
			});
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(ex);
		}
	}

}
