package dev.etcdregistry.testsupport;

import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * A gRPC interceptor for a jetcd client that answers the next calls of one method itself with
 * a status a real etcd only sends under conditions a test cannot set up on demand (such as
 * {@code RESOURCE_EXHAUSTED "etcdserver: too many requests"}); every other call reaches etcd.
 */
public final class FailingCalls implements ClientInterceptor {

	private final String fullMethodName;

	private final Status status;

	private final AtomicInteger remaining = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	/** @param fullMethodName for example {@code "etcdserverpb.KV/Put"} */
	public FailingCalls(String fullMethodName, Status status) {
		this.fullMethodName = fullMethodName;
		this.status = status;
	}

	/** Fails the next {@code calls} calls of the method. */
	public FailingCalls failNext(int calls) {
		this.remaining.set(calls);
		return this;
	}

	/** How many calls were failed so far. */
	public int failed() {
		return this.failed.get();
	}

	@Override
	public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
		if (!method.getFullMethodName().equals(this.fullMethodName)
				|| this.remaining.getAndUpdate((n) -> Math.max(0, n - 1)) == 0) {
			return next.newCall(method, options);
		}
		this.failed.incrementAndGet();
		return new ClientCall<>() {

			@Override
			public void start(Listener<R> listener, Metadata headers) {
				listener.onClose(FailingCalls.this.status, new Metadata());
			}

			@Override
			public void request(int numMessages) {
			}

			@Override
			public void cancel(String message, Throwable cause) {
			}

			@Override
			public void halfClose() {
			}

			@Override
			public void sendMessage(Q message) {
			}
		};
	}

}
