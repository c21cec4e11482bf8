package dev.etcdregistry.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.MaintenanceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusDeadlineTests {

	private final List<CallOptions> sent = new ArrayList<>();

	private final Channel channel = new Channel() {

		@Override
		public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
			StatusDeadlineTests.this.sent.add(options);
			return null;
		}

		@Override
		public String authority() {
			return "etcd";
		}

	};

	private final StatusDeadline interceptor = new StatusDeadline(Duration.ofSeconds(3));

	@Test
	void givesAStatusCallTheTimeoutAsDeadline() {
		this.interceptor.interceptCall(MaintenanceGrpc.getStatusMethod(), CallOptions.DEFAULT, this.channel);

		Deadline deadline = this.sent.get(0).getDeadline();
		assertThat(deadline).isNotNull();
		assertThat(deadline.timeRemaining(TimeUnit.SECONDS)).isBetween(1L, 3L);
	}

	@Test
	void keepsADeadlineTheCallerSet() {
		CallOptions own = CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.HOURS);

		this.interceptor.interceptCall(MaintenanceGrpc.getStatusMethod(), own, this.channel);

		assertThat(this.sent.get(0)).isSameAs(own);
	}

	@Test
	void leavesOtherCallsAlone() {
		// watches and lease keep-alives are streams that must live as long as the client
		this.interceptor.interceptCall(KVGrpc.getRangeMethod(), CallOptions.DEFAULT, this.channel);
		this.interceptor.interceptCall(MaintenanceGrpc.getDefragmentMethod(), CallOptions.DEFAULT, this.channel);

		assertThat(this.sent).allSatisfy((options) -> assertThat(options.getDeadline()).isNull());
	}

}
