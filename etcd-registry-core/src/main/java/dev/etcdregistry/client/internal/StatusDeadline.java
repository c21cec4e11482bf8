package dev.etcdregistry.client.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.api.MaintenanceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

/**
 * Gives every member status call a deadline. jetcd's {@code Maintenance.statusMember} opens a
 * new gRPC channel to the member for each call and closes it only when the call ends; a member
 * that accepts connections but never answers (a frozen process, a stuck disk) would keep each
 * such channel, and its socket, open for good. With a deadline the call fails after the
 * request timeout and jetcd closes the channel.
 */
public final class StatusDeadline implements ClientInterceptor {

	private static final String STATUS = MaintenanceGrpc.getStatusMethod().getFullMethodName();

	private final long timeoutNanos;

	/** @param timeout how long a status call may take, normally the request timeout */
	public StatusDeadline(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	@Override
	public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
		if (STATUS.equals(method.getFullMethodName()) && options.getDeadline() == null) {
			return next.newCall(method, options.withDeadlineAfter(this.timeoutNanos, TimeUnit.NANOSECONDS));
		}
		return next.newCall(method, options);
	}

}
