package dev.etcdregistry.internal;

import org.junit.jupiter.api.Test;

import dev.etcdregistry.client.EtcdConnection;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonThreadsTests {

	@Test
	void threadsAreNumberedDaemonsNamedAfterTheirRole() {
		Thread first = DaemonThreads.named("worker").newThread(() -> {
		});
		Thread second = DaemonThreads.named("worker").newThread(() -> {
		});
		assertThat(first.getName()).isEqualTo(EtcdConnection.THREAD_NAME_PREFIX + "worker-0");
		assertThat(first.isDaemon()).isTrue();
		assertThat(first.getUncaughtExceptionHandler()).as("a handler of ours, not the group").isNotSameAs(first.getThreadGroup());
		assertThat(second.getName()).as("numbered per factory").isEqualTo(EtcdConnection.THREAD_NAME_PREFIX + "worker-0");
	}

}
