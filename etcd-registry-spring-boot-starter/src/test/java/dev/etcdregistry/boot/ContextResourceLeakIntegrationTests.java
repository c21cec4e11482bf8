package dev.etcdregistry.boot;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.cloud.client.discovery.DiscoveryClient;

import dev.etcdregistry.boot.actuate.EtcdHealthIndicator;
import dev.etcdregistry.boot.annotation.EtcdConfigValue;
import dev.etcdregistry.boot.annotation.RegisterService;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.test.LeakCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the application context releases everything the starter opened, with every feature
 * in use (config import, {@code @EtcdConfigValue}, {@code @RegisterService} on a web server,
 * discovery, Spring Cloud adapters, health checks): no thread of ours or of jetcd, no watcher
 * on the etcd server (read from etcd's own metrics) and no lease is left behind.
 */
@EtcdTest
@Timeout(60)
class ContextResourceLeakIntegrationTests {

	@Test
	void closingTheContextLeavesNoThreadNoWatcherAndNoLeaseBehind(EtcdCluster etcd) throws Exception {
		LeakCheck leaks = LeakCheck.start(etcd);
		String namespace = "/leak-" + UUID.randomUUID().toString().substring(0, 8);
		long lease;
		try (Client peer = etcd.newClient()) {
			peer.getKVClient().put(bytes(namespace + "/config/leaky/leaky.limit"), bytes("7")).get();
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
				.properties("etcd.endpoints=" + etcd.endpointsAsString(), "etcd.namespace=" + namespace,
						"server.port=0", "spring.application.name=leaky", "spring.config.import=etcd:")
				.run()) {
				assertThat(context.getEnvironment().getProperty("leaky.limit")).isEqualTo("7");
				assertThat(context.getBean(App.class).flag).isEqualTo("on");
				// registered once ready (at the end of run()); discovery hears it through its watch
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(context.getBean(DiscoveryClient.class).getInstances("leaky")).hasSize(1));
				for (int i = 0; i < 3; i++) {
					assertThat(context.getBean(EtcdHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
				}
				lease = context.getBean(ServiceRegistry.class).leaseId().orElseThrow();
				assertThat(leaks.newServerWatchers()).as("import, config value, discovery, registration guard")
					.isGreaterThanOrEqualTo(4);
				assertThat(leaks.newThreads()).as("the check sees our threads")
					.anyMatch((name) -> name.startsWith("etcd-registry-"));
			}
			assertThat(peer.getLeaseClient().timeToLive(lease, LeaseOption.DEFAULT).get().getTTL())
				.as("lease revoked").isEqualTo(-1);
			assertThat(peer.getKVClient()
				.get(bytes(namespace + "/services/"), GetOption.builder().isPrefix(true).build())
				.get()
				.getKvs()).isEmpty();
		}
		leaks.assertNothingLeft();
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@RegisterService
	static class App {

		@EtcdConfigValue(key = "/config/leaky/flag", defaultValue = "on")
		volatile String flag;

	}

}
