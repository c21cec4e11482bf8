package dev.etcdregistry.registry.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.registry.RegistrationEvent;
import dev.etcdregistry.registry.RegistryOptions;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.test.LeakCheck;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registry's queue is bounded and drops what waits when it overflows, for one resync. A
 * register or deregister dropped that way must still take effect: the intent is recorded before
 * the task is queued, and the resync reconciles etcd with it. Forced with a queue of two tasks
 * held up by the seam that runs on the queue after a register's write.
 */
@EtcdTest
@Timeout(120)
class RegistryQueueOverflowIntegrationTests {

	@Test
	void aRegisterAndADeregisterDroppedByAFullQueueStillReachEtcd(EtcdCluster etcd) throws Exception {
		LeakCheck leaks = LeakCheck.start(etcd);
		try (EtcdConnection connection = TestConnections.connect(etcd, TestConnections.randomNamespace())) {
			EtcdServiceRegistry registry = new EtcdServiceRegistry(connection, RegistryOptions.defaults(), 2);
			registry.register(instance("leaves"));
			List<String> deregistered = new CopyOnWriteArrayList<>();
			registry.addListener((event) -> {
				if (event.type() == RegistrationEvent.Type.DEREGISTERED) {
					deregistered.add(event.instance().instanceId());
				}
			});
			CountDownLatch holding = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			registry.beforeGuard = (key) -> {
				if (key.endsWith("/holds")) {
					holding.countDown();
					awaitQuietly(release);
				}
			};
			FutureTask<?> holds = call("holds", () -> registry.register(instance("holds")));
			assertThat(holding.await(20, TimeUnit.SECONDS)).as("the queue is held").isTrue();
			// two tasks fill the queue, the third overflows it and the first two are dropped
			FutureTask<Boolean> leaves = call("leaves", () -> registry.deregister("orders", "leaves"));
			await().atMost(Duration.ofSeconds(10)).until(() -> registry.queueBacklog() == 1);
			FutureTask<?> dropped = call("dropped", () -> registry.register(instance("dropped")));
			await().atMost(Duration.ofSeconds(10)).until(() -> registry.queueBacklog() == 2);
			FutureTask<?> overflows = new FutureTask<>(() -> registry.register(instance("overflows")));
			Thread overflowing = new Thread(overflows, "overflows");
			overflowing.start();
			// waiting for its own task: the overflow has happened
			await().atMost(Duration.ofSeconds(10)).until(() -> overflowing.getState() == Thread.State.TIMED_WAITING);
			release.countDown();

			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				assertThat(ConfigStore.of(connection).getPrefix("/services/orders/").values().keySet())
					.as("instance keys in etcd")
					.containsExactlyInAnyOrder("/services/orders/holds", "/services/orders/dropped",
							"/services/orders/overflows");
				assertThat(registry.guardedKeys()).containsExactlyInAnyOrder("/services/orders/holds",
						"/services/orders/dropped", "/services/orders/overflows");
			});
			assertThat(registry.registrations()).extracting(ServiceInstance::instanceId)
				.containsExactlyInAnyOrder("holds", "dropped", "overflows");
			for (FutureTask<?> caller : List.of(holds, leaves, dropped, overflows)) {
				caller.get(60, TimeUnit.SECONDS);
			}
			assertThat(leaves.get()).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> !deregistered.isEmpty());
			assertThat(deregistered).as("DEREGISTERED events, before close").containsExactly("leaves");
			registry.close();
			assertThat(ConfigStore.of(connection).getPrefix("/services/orders/").values()).isEmpty();
		}
		// the registry's own thread ended with it
		leaks.assertNothingLeft();
	}

	@Test
	void aCloseDroppedByAFullQueueStillClosesEverything(EtcdCluster etcd) throws Exception {
		try (EtcdConnection connection = TestConnections.connect(etcd, TestConnections.randomNamespace())) {
			EtcdServiceRegistry registry = new EtcdServiceRegistry(connection, RegistryOptions.defaults(), 2);
			registry.register(instance("a"));
			registry.register(instance("b"));
			CountDownLatch holding = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			registry.beforeGuard = (key) -> {
				if (key.endsWith("/holds")) {
					holding.countDown();
					awaitQuietly(release);
				}
			};
			FutureTask<?> holds = call("holds", () -> registry.register(instance("holds")));
			assertThat(holding.await(20, TimeUnit.SECONDS)).as("the queue is held").isTrue();
			FutureTask<?> closing = call("closing", () -> {
				registry.close();
				return null;
			});
			await().atMost(Duration.ofSeconds(10)).until(() -> registry.queueBacklog() == 1);
			// no caller may queue after close() began; keys deleted from outside make the guards queue put-backs
			ConfigStore.of(connection).delete("/services/orders/a");
			await().atMost(Duration.ofSeconds(10)).until(() -> registry.queueBacklog() == 2);
			ConfigStore.of(connection).delete("/services/orders/b");
			await().atMost(Duration.ofSeconds(10)).until(() -> registry.queueOverflows() >= 1);
			release.countDown();

			closing.get(60, TimeUnit.SECONDS);
			holds.get(60, TimeUnit.SECONDS);
			assertThat(registry.guardedKeys()).as("guards left after close").isEmpty();
			assertThat(registry.registrations()).isEmpty();
			assertThat(ConfigStore.of(connection).getPrefix("/services/orders/").values().keySet())
				.as("instance keys in etcd after close (the lease is revoked)")
				.isEmpty();
		}
	}

	private static ServiceInstance instance(String id) {
		return ServiceInstance.of("orders", id, "10.0.0.1", 8080);
	}

	/** Runs {@code work} on a thread of its own and returns its future. */
	private static <T> FutureTask<T> call(String name, Callable<T> work) {
		FutureTask<T> task = new FutureTask<>(work);
		new Thread(task, name).start();
		return task;
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
