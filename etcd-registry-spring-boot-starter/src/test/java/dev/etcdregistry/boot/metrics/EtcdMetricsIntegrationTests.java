package dev.etcdregistry.boot.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;

import dev.etcdregistry.boot.connection.EtcdWatchStatusEvent;
import dev.etcdregistry.boot.registry.EtcdRegistrationEvent;
import dev.etcdregistry.boot.testsupport.EtcdApps;
import dev.etcdregistry.client.WatchStatusEvent;
import dev.etcdregistry.registry.RegistrationEvent;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees through Micrometer and application events when etcd misbehaves: a
 * lease revoked behind the application's back and an etcd restart, each counted and published,
 * with the cache and registration gauges exact afterwards.
 */
@EtcdTest
@Timeout(120)
class EtcdMetricsIntegrationTests {

	@Test
	void leaseLossAndAnEtcdRestartShowUpAsEventsAndMeters(EtcdCluster etcd) throws Exception {
		try (EtcdApps apps = new EtcdApps(etcd)) {
			ConfigurableApplicationContext context = apps.run(App.class, false, "etcd.registry.ttl=3s");
			Recorder recorder = context.getBean(Recorder.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			ServiceRegistry registry = context.getBean(ServiceRegistry.class);
			ServiceDiscovery discovery = context.getBean(ServiceDiscovery.class);

			registry.register(ServiceInstance.of("orders", "o-1", "127.0.0.1", 8080));
			apps.putSeedStyle("billing", "b-1", "{\"host\":\"10.0.0.2\",\"port\":9090}");
			await().atMost(Duration.ofSeconds(10)).until(() -> discovery.instances("billing").size() == 1
					&& discovery.instances("orders").size() == 1);
			assertThat(gauge(meters, "etcd.registry.registrations")).isEqualTo(1);
			assertThat(gauge(meters, "etcd.discovery.services")).isEqualTo(2);
			assertThat(gauge(meters, "etcd.discovery.instances")).isEqualTo(2);
			assertThat(gauge(meters, "etcd.watch.active")).isGreaterThanOrEqualTo(1);
			assertThat(gauge(meters, "etcd.watch.cached.keys")).isGreaterThanOrEqualTo(2);
			assertThat(registryEvents(meters, "registered")).isEqualTo(1);

			long lease = registry.leaseId().orElseThrow();
			try (var raw = etcd.newClient()) {
				raw.getLeaseClient().revoke(lease).get(10, TimeUnit.SECONDS);
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> registryEvents(meters, "reregistered") == 1);
			assertThat(registryEvents(meters, "lease_lost")).isEqualTo(1);
			assertThat(recorder.registrations).extracting(event -> event.getRegistration().type())
				.containsSubsequence(RegistrationEvent.Type.REGISTERED, RegistrationEvent.Type.LEASE_LOST,
						RegistrationEvent.Type.REREGISTERED);

			etcd.node(0).restart();
			apps.putSeedStyle("billing", "b-2", "{\"host\":\"10.0.0.3\",\"port\":9090}");
			await().atMost(Duration.ofSeconds(30)).until(() -> discovery.instances("billing").size() == 2);
			await().atMost(Duration.ofSeconds(10)).until(() -> gauge(meters, "etcd.watch.interruptions") >= 1
					&& gauge(meters, "etcd.watch.resumptions") + gauge(meters, "etcd.watch.resyncs") >= 1);
			assertThat(recorder.watches).extracting(event -> event.getStatus().type())
				.contains(WatchStatusEvent.Type.INTERRUPTED)
				.containsAnyOf(WatchStatusEvent.Type.RESUMED, WatchStatusEvent.Type.RESYNCED);
			assertThat(gauge(meters, "etcd.discovery.instances")).isEqualTo(3);
			assertThat(gauge(meters, "etcd.watch.events.applied")).isGreaterThanOrEqualTo(1);
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(apps.instances("orders"))
				.containsOnlyKeys("o-1"));
		}
	}

	private static double gauge(MeterRegistry meters, String name) {
		var meter = meters.find(name).meter();
		assertThat(meter).as("meter %s", name).isNotNull();
		return meter.measure().iterator().next().getValue();
	}

	private static double registryEvents(MeterRegistry meters, String type) {
		return meters.get("etcd.registry.events").tag("type", type).counter().count();
	}

	@SpringBootApplication
	static class App {

		@org.springframework.context.annotation.Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	static class Recorder {

		final List<EtcdWatchStatusEvent> watches = new CopyOnWriteArrayList<>();

		final List<EtcdRegistrationEvent> registrations = new CopyOnWriteArrayList<>();

		@EventListener
		void on(EtcdWatchStatusEvent event) {
			this.watches.add(event);
		}

		@EventListener
		void on(EtcdRegistrationEvent event) {
			this.registrations.add(event);
		}

	}

}
