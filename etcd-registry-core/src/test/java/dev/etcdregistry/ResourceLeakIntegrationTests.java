package dev.etcdregistry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.internal.DaemonThreads;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
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

	private static final Pattern WATCHERS = Pattern.compile("(?m)^etcd_debugging_mvcc_watcher_total (\\d+)");

	@Test
	void closingLeavesNoThreadAndNoWatcherBehind(EtcdCluster etcd) throws Exception {
		Set<String> threadsBefore = liveThreads();
		long watchersBefore = serverWatchers(etcd);

		EtcdConnection connection = TestConnections.connect(etcd, TestConnections.randomNamespace());
		ServiceRegistry registry = ServiceRegistry.of(connection);
		registry.register(ServiceInstance.of("orders", "o-1", "h", 1));
		ServiceDiscovery discovery = ServiceDiscovery.of(connection);
		discovery.addListener(event -> {
		});
		ConfigWatch watch = ConfigStore.of(connection).watchPrefix("/config/", event -> {
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> serverWatchers(etcd) >= watchersBefore + 3);
		assertThat(liveThreads()).anyMatch(name -> name.startsWith(DaemonThreads.PREFIX));

		watch.close();
		discovery.close();
		registry.close();
		connection.close();

		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			assertThat(serverWatchers(etcd)).isEqualTo(watchersBefore);
			assertThat(liveThreads()).as("threads started by us or jetcd").filteredOn(name -> !threadsBefore.contains(name))
				.filteredOn(name -> name.startsWith(DaemonThreads.PREFIX) || name.startsWith("jetcd")
						|| name.startsWith("vert.x") || name.startsWith("grpc"))
				.isEmpty();
		});
	}

	private static Set<String> liveThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
			.collect(Collectors.toSet());
	}

	private static long serverWatchers(EtcdCluster etcd) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(etcd.endpoints().get(0) + "/metrics")).build(),
					HttpResponse.BodyHandlers.ofString());
		Matcher matcher = WATCHERS.matcher(response.body());
		assertThat(matcher.find()).as("etcd exposes etcd_debugging_mvcc_watcher_total").isTrue();
		return Long.parseLong(matcher.group(1));
	}

}
