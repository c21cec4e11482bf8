package dev.etcdregistry.boot.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.registry.EtcdRegistryAutoConfiguration;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdNode;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code etcd.fail-fast=true} (the default) with etcd down: startup fails within the connect
 * timeout (plus generous slack for a busy machine), with one line naming the endpoints and the
 * properties that fix it.
 */
@EtcdTest
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FailFastIntegrationTests {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	@Test
	void failsWithinTheConnectTimeoutNamingEndpointsAndProperties(EtcdCluster etcd, CapturedOutput output) {
		EtcdNode node = etcd.node(0);
		node.stop();
		try {
			for (String run : new String[] { "cold JVM", "warm JVM" }) {
				long start = System.nanoTime();
				Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(App.class)
					.web(WebApplicationType.NONE)
					.properties("etcd.endpoints=" + node.clientEndpoint(),
							"etcd.connect-timeout=" + CONNECT_TIMEOUT.toSeconds() + "s")
					.run());
				long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				System.out.printf("[figure] fail-fast after %d ms (connect timeout %d ms, %s)%n", millis,
						CONNECT_TIMEOUT.toMillis(), run);
				assertThat(failure).isNotNull();
				assertThat(Duration.ofMillis(millis)).isLessThan(CONNECT_TIMEOUT.plusSeconds(15));
			}
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("Connecting to etcd failed: no answer from " + node.clientEndpoint() + " within 2 s")
				.contains("'etcd.endpoints'")
				.contains("'etcd.fail-fast=false'");
			String description = output.getOut().lines()
				.filter((line) -> line.contains("Connecting to etcd failed"))
				.reduce((a, b) -> b)
				.orElseThrow();
			assertThat(description).as("one line naming the endpoint").contains(node.clientEndpoint());
		}
		finally {
			node.start();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EtcdAutoConfiguration.class, EtcdRegistryAutoConfiguration.class })
	static class App {

	}

}
