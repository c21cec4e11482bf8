package dev.etcdregistry.registry.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.RegistryOptions;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdNode;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No lock of ours may be held while a jetcd call is in flight: a register whose write waits
 * for a frozen etcd must not hold a monitor of ours, and another thread's deregister must not
 * be blocked on one meanwhile (it waits for its turn on the registry's queue instead). Seen
 * through a thread dump taken while etcd is paused (SIGSTOP) and the write waits for it.
 */
@EtcdTest
@Timeout(90)
class RegistryLockFreeAroundJetcdIntegrationTests {

	private static final String OURS = "dev.etcdregistry.";

	@Test
	void noMonitorOfOursIsHeldWhileAWriteWaitsForEtcd(EtcdCluster etcd) throws Exception {
		EtcdNode node = etcd.node(0);
		try (EtcdConnection connection = EtcdConnection.connect(TestConnections
			.settings(etcd, TestConnections.randomNamespace())
			.requestTimeout(Duration.ofSeconds(20))
			.build()); EtcdServiceRegistry registry = new EtcdServiceRegistry(connection, RegistryOptions.defaults())) {
			registry.register(ServiceInstance.of("orders", "stays", "10.0.0.1", 8080));
			FutureTask<Object> register = new FutureTask<>(
					() -> registry.register(ServiceInstance.of("orders", "goes", "10.0.0.2", 8080)));
			FutureTask<Boolean> deregister = new FutureTask<>(() -> registry.deregister("orders", "stays"));
			Thread deregistering = new Thread(deregister, "deregistering");
			node.pause();
			try {
				new Thread(register, "registering").start();
				ThreadInfo writing = await().atMost(Duration.ofSeconds(15))
					.until(() -> threadIn(InstanceWriter.class.getName(), "put"), Optional::isPresent)
					.get();
				assertThat(writing.getThreadName()).as("jetcd is called on the registry's own thread, not a shared pool")
					.startsWith("etcd-registry-registry-");
				assertThat(Arrays.stream(writing.getLockedMonitors()).map(MonitorInfo::getClassName))
					.as("monitors held by %s while its write waits for etcd", writing.getThreadName())
					.noneMatch((name) -> name.startsWith(OURS));

				deregistering.start();
				ThreadInfo waiting = await().atMost(Duration.ofSeconds(15))
					.until(() -> info(deregistering.getId()), (info) -> info.getThreadState() != Thread.State.RUNNABLE
							&& info.getThreadState() != Thread.State.NEW);
				assertThat(waiting.getThreadState()).as("the deregister waits without blocking on a monitor")
					.isNotEqualTo(Thread.State.BLOCKED);
				assertThat(Optional.ofNullable(waiting.getLockName()).orElse(""))
					.as("what the deregister waits for").doesNotStartWith(OURS);
				assertThat(threadIn(InstanceWriter.class.getName(), "put")).as("the write still waits for etcd")
					.isPresent();
			}
			finally {
				node.resume();
			}
			register.get(60, TimeUnit.SECONDS);
			assertThat(deregister.get(60, TimeUnit.SECONDS)).isTrue();
			assertThat(registry.registrations()).extracting(ServiceInstance::instanceId).containsExactly("goes");
		}
	}

	private static Optional<ThreadInfo> threadIn(String className, String method) {
		return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(true, false))
			.filter((info) -> Arrays.stream(info.getStackTrace())
				.anyMatch((frame) -> frame.getClassName().equals(className) && frame.getMethodName().equals(method)))
			.findFirst();
	}

	private static ThreadInfo info(long threadId) {
		return ManagementFactory.getThreadMXBean().getThreadInfo(new long[] { threadId }, true, false)[0];
	}

}
