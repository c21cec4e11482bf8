package dev.etcdregistry.boot.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.boot.testsupport.EtcdApps;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Discovery's gauges with discovery subscribed: they count what is held and never make the
 * application hold (subscribe to) the rest of the fleet.
 */
@EtcdTest
@Timeout(60)
class SubscribedDiscoveryMetricsIntegrationTests {

	@Test
	void gaugesCountTheServicesHeldAndSubscribeToNothing(EtcdCluster etcd) throws Exception {
		try (EtcdApps apps = new EtcdApps(etcd)) {
			apps.putSeedStyle("orders", "o-1", "{\"host\":\"10.0.0.1\",\"port\":8080}");
			apps.putSeedStyle("billing", "b-1", "{\"host\":\"10.0.0.2\",\"port\":9090}");
			apps.putSeedStyle("stock", "s-1", "{\"host\":\"10.0.0.3\",\"port\":9090}");
			ConfigurableApplicationContext context = apps.run(App.class, false, "etcd.discovery.mode=subscribed",
					"etcd.registry.enabled=false");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			ServiceDiscovery discovery = context.getBean(ServiceDiscovery.class);
			EtcdConnection connection = context.getBean(EtcdConnection.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> discovery.instances("orders").size() == 1);
			long keysHeld = connection.watchActivity().cachedKeys();

			assertThat(gauge(meters, "etcd.discovery.services")).isEqualTo(1);
			assertThat(gauge(meters, "etcd.discovery.instances")).isEqualTo(1);
			assertThat(discovery.cachedServices()).as("held after the gauges were read").containsExactly("orders");
			assertThat(connection.watchActivity().cachedKeys()).as("keys held").isEqualTo(keysHeld);
		}
	}

	private static double gauge(MeterRegistry meters, String name) {
		var meter = meters.find(name).meter();
		assertThat(meter).as("meter %s", name).isNotNull();
		return meter.measure().iterator().next().getValue();
	}

	@SpringBootApplication
	static class App {

	}

}
