package dev.etcdregistry.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.CuttableProxy;
import dev.etcdregistry.test.CuttableProxy.Direction;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A watch started from an old revision gets etcd's "created" response first and the catch-up
 * events after it. jetcd 0.8.7 moves its resume revision to the server's current revision on
 * "created", so a stream that breaks between the two resumes past the catch-up events. The
 * proxy cuts exactly there; every revision must still reach the mirror, one by one.
 */
@EtcdTest
@Timeout(90)
class KeyMirrorResumeIntegrationTests {

	@Test
	void aCutRightAfterTheCreatedResponseLosesNoRevision(EtcdCluster etcd) throws Exception {
		String namespace = TestConnections.randomNamespace();
		List<Long> delivered = new CopyOnWriteArrayList<>();
		try (EtcdConnection direct = TestConnections.connect(etcd, namespace);
				CuttableProxy proxy = CuttableProxy.to(etcd.endpoints().get(0))) {
			ConfigStore store = ConfigStore.of(direct);
			store.put("/config/k0", "0");
			Map<String, KeyMirror.Entry> values;
			long start;
			long cluster;
			try (KeyMirror reference = new KeyMirror(direct, "/config/", true, false, update -> {
			}).start()) {
				values = Map.copyOf(reference.state());
				start = reference.revision();
				cluster = reference.clusterId();
			}
			for (int i = 1; i <= 5; i++) {
				store.put("/config/k" + i, "v" + i); // revisions start + 1 .. start + 5: the catch-up
			}
			CompletableFuture<Void> cut = proxy.cutAfter(Direction.TO_CLIENT, CuttableProxy.watchCreated());
			try (EtcdConnection cutOff = TestConnections.connectThrough(proxy.endpoint(), etcd, namespace);
					KeyMirror mirror = new KeyMirror(cutOff, "/config/", true, false, update -> {
						if (!update.resync()) {
							delivered.add(update.revision());
						}
					}).startFrom(values, start, cluster, false)) {
				cut.get(30, TimeUnit.SECONDS);
				proxy.resume();

				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(mirror.state()).containsOnlyKeys("/config/k0", "/config/k1",
							"/config/k2", "/config/k3", "/config/k4", "/config/k5"));
				assertThat(delivered).containsExactlyElementsOf(
						LongStream.rangeClosed(start + 1, start + 5).boxed().toList());
				assertThat(mirror.revision()).isEqualTo(start + 5);
			}
		}
	}

}
