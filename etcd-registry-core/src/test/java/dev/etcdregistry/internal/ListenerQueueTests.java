package dev.etcdregistry.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.etcdregistry.internal.KeyMirror.Change;
import dev.etcdregistry.internal.KeyMirror.Update;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class ListenerQueueTests {

	@Test
	void aHungConsumerCostsAtMostTheCapacityAndEndsWithTheExactState() throws Exception {
		ExecutorService pool = Executors.newCachedThreadPool();
		try {
			CountDownLatch release = new CountDownLatch(1);
			Map<String, String> seen = new java.util.concurrent.ConcurrentSkipListMap<>();
			List<Update> received = new CopyOnWriteArrayList<>();
			ListenerQueue<Update> queue = new ListenerQueue<>(pool, "test listener", update -> {
				await(release);
				received.add(update);
				for (Change change : update.changes()) {
					if (change.newValue() == null) {
						seen.remove(change.key());
					}
					else {
						seen.put(change.key(), new String(change.newValue(), UTF_8));
					}
				}
			}, "hung", 16, MirrorState::coalesce, "merging");
			Map<String, String> truth = new TreeMap<>();
			Map<String, byte[]> current = new TreeMap<>();
			int maxBacklog = 0;
			for (int revision = 1; revision <= 10_000; revision++) {
				String key = "k" + (revision % 37);
				byte[] old = current.get(key);
				byte[] now = (revision % 5 == 0) ? null : ("v" + revision).getBytes(UTF_8);
				if (old == null && now == null) {
					continue;
				}
				if (now == null) {
					current.remove(key);
					truth.remove(key);
				}
				else {
					current.put(key, now);
					truth.put(key, new String(now, UTF_8));
				}
				queue.offer(new Update(revision, List.of(new Change(key, old, now, revision)), false));
				maxBacklog = Math.max(maxBacklog, queue.backlog());
			}
			assertThat(maxBacklog).as("queue bound").isLessThanOrEqualTo(16);
			release.countDown();
			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(seen).isEqualTo(truth));
			assertThat(received).hasSizeLessThanOrEqualTo(17);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void eventsThatOnlyReportLoseTheOldestHalf() throws Exception {
		ExecutorService pool = Executors.newCachedThreadPool();
		try {
			CountDownLatch release = new CountDownLatch(1);
			List<Integer> received = new CopyOnWriteArrayList<>();
			ListenerQueue<Integer> queue = new ListenerQueue<>(pool, "test listener", n -> {
				await(release);
				received.add(n);
			}, "hung", 10, ListenerQueue.dropOldestHalf(), "dropping");
			for (int i = 0; i < 1_000; i++) {
				queue.offer(i);
				assertThat(queue.backlog()).isLessThanOrEqualTo(10);
			}
			release.countDown();
			org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
				.until(() -> received.contains(999));
			assertThat(received).isSorted().hasSizeLessThanOrEqualTo(11);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
