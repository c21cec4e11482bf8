package dev.etcdregistry.boot.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.etcdregistry.boot.autoconfigure.EtcdAutoConfiguration;
import dev.etcdregistry.boot.autoconfigure.EtcdRegistryAutoConfiguration;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the application context releases everything the starter opened, including the
 * short-lived channels of health checks: no thread of ours or of jetcd and no watcher on the
 * etcd server (read from etcd's own metrics) is left behind.
 */
@EtcdTest
@Timeout(60)
class ContextResourceLeakIntegrationTests {

	private static final Pattern WATCHERS = Pattern.compile("(?m)^etcd_debugging_mvcc_watcher_total (\\d+)");

	@Test
	void closingTheContextLeavesNoThreadAndNoWatcherBehind(EtcdCluster etcd) throws Exception {
		Set<String> threadsBefore = liveThreads();
		long watchersBefore = serverWatchers(etcd);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.properties("etcd.endpoints=" + etcd.endpointsAsString(), "etcd.namespace=/leak-it")
			.run()) {
			context.getBean(ServiceRegistry.class).register(ServiceInstance.of("orders", "o-1", "10.0.0.1", 80));
			for (int i = 0; i < 5; i++) {
				assertThat(context.getBean(EtcdHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
			}
			assertThat(serverWatchers(etcd)).isGreaterThan(watchersBefore);
			assertThat(liveThreads()).as("the filter below sees our threads")
				.anyMatch((name) -> name.startsWith("etcd-registry-"));
		}
		await().untilAsserted(() -> {
			assertThat(serverWatchers(etcd)).isEqualTo(watchersBefore);
			assertThat(liveThreads()).as("threads started by us or jetcd")
				.filteredOn((name) -> !threadsBefore.contains(name))
				.filteredOn((name) -> name.startsWith("etcd-registry-") || name.startsWith("jetcd")
						|| name.startsWith("vert.x") || name.startsWith("grpc"))
				.isEmpty();
		});
	}

	private static Set<String> liveThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
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

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class,
			EtcdHealthContributorAutoConfiguration.class })
	static class App {

	}

}
