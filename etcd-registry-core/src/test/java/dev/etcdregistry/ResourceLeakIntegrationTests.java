package dev.etcdregistry;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.test.LeakCheck;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing everything leaves nothing behind: no thread of ours or of jetcd, and no watcher on
 * the etcd server (read from etcd's own metrics).
 */
@EtcdTest
@Timeout(60)
class ResourceLeakIntegrationTests {

	@Test
	void closingLeavesNoThreadAndNoWatcherBehind(EtcdCluster etcd) {
		LeakCheck leaks = LeakCheck.start(etcd);

		EtcdConnection connection = TestConnections.connect(etcd, TestConnections.randomNamespace());
		ServiceRegistry registry = ServiceRegistry.of(connection);
		registry.register(ServiceInstance.of("orders", "o-1", "h", 1));
		ServiceDiscovery discovery = ServiceDiscovery.of(connection);
		discovery.addListener(event -> {
		});
		ConfigWatch watch = ConfigStore.of(connection).watchPrefix("/config/", event -> {
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> leaks.newServerWatchers() >= 3);
		assertThat(leaks.newThreads()).anyMatch(name -> name.startsWith(EtcdConnection.THREAD_NAME_PREFIX));

		watch.close();
		discovery.close();
		registry.close();
		connection.close();

		leaks.assertNothingLeft();
	}

}
