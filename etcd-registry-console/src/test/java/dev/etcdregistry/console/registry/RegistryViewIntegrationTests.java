package dev.etcdregistry.console.registry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.console.EtcdSession;
import dev.etcdregistry.console.Fragments;
import dev.etcdregistry.console.RevisionClock;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static dev.etcdregistry.client.EtcdConnection.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pushes of one view never overlap: a push still rendering an older state must not race a
 * newer one, or the browser could get the newer state first and keep the older one (seen as a
 * service count stuck at 1 after a second instance registered).
 */
@EtcdTest
class RegistryViewIntegrationTests {

	@Test
	void aChangeDuringAPushIsSentByTheNextPushNotAConcurrentOne(EtcdCluster etcd) throws Exception {
		CountDownLatch firstRenderEntered = new CountDownLatch(1);
		CountDownLatch releaseFirstRender = new CountDownLatch(1);
		AtomicInteger rendering = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();
		AtomicInteger renders = new AtomicInteger();
		Fragments fragments = new Fragments(null) {
			@Override
			public String render(String template, String fragment, Map<String, Object> variables) {
				mostAtOnce.accumulateAndGet(rendering.incrementAndGet(), Math::max);
				try {
					if (renders.incrementAndGet() == 1) {
						firstRenderEntered.countDown();
						releaseFirstRender.await(20, TimeUnit.SECONDS);
					}
					return "rows";
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return "";
				}
				finally {
					rendering.decrementAndGet();
				}
			}
		};
		ExecutorService pushes = Executors.newFixedThreadPool(2);
		EtcdConnection connection = EtcdConnection.connect(EtcdSettings.builder().endpoints(etcd.endpoints()).build());
		try (EtcdSession session = new EtcdSession("alice", false, connection);
				RegistryView view = new RegistryView(session, pushes, fragments, new RevisionClock(), (v) -> {
				}).start()) {
			view.subscribe(null, null);
			assertThat(firstRenderEntered.await(20, TimeUnit.SECONDS)).isTrue();
			// while the first push renders, an instance registers
			connection.await(connection.client().getKVClient().put(bytes("/services/orders/orders-1"),
					bytes("{\"host\":\"h\",\"port\":1}")), "put");
			await().atMost(Duration.ofSeconds(10)).until(() -> view.services().size() == 1);
			Thread.sleep(300);
			releaseFirstRender.countDown();
			await().atMost(Duration.ofSeconds(20)).until(() -> renders.get() >= 2 && rendering.get() == 0);
			assertThat(mostAtOnce.get()).isEqualTo(1);
		}
		finally {
			pushes.shutdownNow();
		}
	}

}
