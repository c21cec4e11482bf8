package dev.etcdregistry.boot.actuate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.etcdregistry.boot.config.EtcdConfigWatches;
import dev.etcdregistry.boot.testsupport.ActuatorApp;
import dev.etcdregistry.boot.testsupport.ActuatorApp.Response;
import dev.etcdregistry.config.ConfigEntry;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code etcd} health indicator and endpoint of a running web application, read over
 * HTTP, against a real etcd.
 */
@EtcdTest
@Timeout(120)
@TestInstance(Lifecycle.PER_CLASS)
class EtcdActuatorIntegrationTests {

	private static final String SECRET = "hunter2-never-shown";

	private ActuatorApp app;

	private Client peer;

	@BeforeAll
	void start(EtcdCluster etcd) {
		this.app = ActuatorApp.start(etcd, new Class<?>[] { WatchesConfiguration.class });
		this.peer = etcd.newClient();
		ConfigStore store = this.app.context().getBean(ConfigStore.class);
		store.put("/config/actuator-it/db.password", SECRET);
		store.put("/config/actuator-it/limit", "10");
		this.app.context()
			.getBean(ServiceRegistry.class)
			.register(ServiceInstance.of("orders", "orders-1", "10.0.0.5", 8080)
				.withMetadata(Map.of("zone", "eu-1", "api-key", "k-never-shown")));
	}

	@AfterAll
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
		if (this.peer != null) {
			this.peer.close();
		}
	}

	@Test
	void healthIsUpWithLeaderMemberStatusAndRegistrations(EtcdCluster etcd) throws Exception {
		Response response = this.app.get("/actuator/health/etcd");
		assertThat(response.status()).isEqualTo(200);
		JsonNode health = response.json();
		assertThat(health.path("status").asString()).isEqualTo("UP");
		JsonNode details = health.path("details");
		String leader = details.path("leader").asString();
		assertThat(leader).isNotBlank().isNotEqualTo("0");
		JsonNode member = details.path("endpoints").path(etcd.endpoints().get(0));
		assertThat(member.path("version").asString()).startsWith("3.");
		assertThat(member.path("leader").asString()).isEqualTo(leader);
		assertThat(member.path("memberId").asString()).isEqualTo(leader);
		assertThat(member.path("raftIndex").asLong()).isPositive();
		assertThat(member.path("dbSize").asLong()).isPositive();
		long leaseId = this.app.context().getBean(ServiceRegistry.class).leaseId().getAsLong();
		assertThat(details.path("registrations").path("leaseId").asLong()).isEqualTo(leaseId);
		assertThat(details.path("registrations").path("instances").get(0).asString())
			.isEqualTo("orders/orders-1 -> http://10.0.0.5:8080");
	}

	@Test
	void endpointListsConnectionRegistrationsDiscoveredServicesAndMasksValuesByDefault(EtcdCluster etcd)
			throws Exception {
		// a peer in the seed's format, which this application only discovers
		this.peer.getKVClient()
			.put(bytes(this.app.namespace() + "/services/legacy/l1"), bytes("{\"host\":\"10.0.0.9\",\"port\":3000}"))
			.get();
		this.peer.getKVClient()
			.put(bytes(this.app.namespace() + "/services/never-called/n1"), bytes("{\"host\":\"10.0.0.8\",\"port\":3000}"))
			.get();
		// discovery holds the services this application looks up (etcd.discovery.mode=subscribed, the
		// default), and the endpoint shows what it holds
		ServiceDiscovery discovery = this.app.context().getBean(ServiceDiscovery.class);
		await().untilAsserted(() -> assertThat(discovery.instances("orders")).hasSize(1));
		await().untilAsserted(() -> assertThat(discovery.instances("legacy")).hasSize(1));
		await().untilAsserted(() -> assertThat(this.app.get("/actuator/etcd").json()
			.path("discovery").path("services").path("legacy").size()).isOne());
		Response response = this.app.get("/actuator/etcd");
		assertThat(response.status()).isEqualTo(200);
		// management.endpoint.etcd.show-values=never by default: no value at all, as for Boot's env endpoint
		assertThat(response.body()).doesNotContain(SECRET).doesNotContain("k-never-shown").doesNotContain("eu-1");
		JsonNode etcdJson = response.json();
		JsonNode connection = etcdJson.path("connection");
		assertThat(connection.path("endpoints").get(0).asString()).isEqualTo(etcd.endpoints().get(0));
		assertThat(connection.path("namespace").asString()).isEqualTo(this.app.namespace());
		assertThat(connection.has("password")).isFalse();
		JsonNode registrations = etcdJson.path("registrations");
		assertThat(registrations.path("leaseId").asLong())
			.isEqualTo(this.app.context().getBean(ServiceRegistry.class).leaseId().getAsLong());
		JsonNode registered = registrations.path("instances").get(0);
		assertThat(registered.path("instanceId").asString()).isEqualTo("orders-1");
		assertThat(registered.path("metadata").path("api-key").asString()).isEqualTo("******");
		assertThat(registered.path("metadata").path("zone").asString()).isEqualTo("******");
		JsonNode services = etcdJson.path("discovery").path("services");
		assertThat(services.path("orders").get(0).path("uri").asString()).isEqualTo("http://10.0.0.5:8080");
		assertThat(services.path("legacy").get(0).path("host").asString()).isEqualTo("10.0.0.9");
		assertThat(services.has("never-called")).as("a service never looked up").isFalse();
		JsonNode watched = etcdJson.path("watchedKeys");
		assertThat(watched.size()).isEqualTo(2);
		assertThat(watched.get(0).path("key").asString()).isEqualTo("/config/actuator-it/db.password");
		assertThat(watched.get(0).path("value").asString()).isEqualTo("******");
		assertThat(watched.get(0).path("revision").asLong()).isPositive();
		assertThat(watched.get(1).path("key").asString()).isEqualTo("/config/actuator-it/limit");
		assertThat(watched.get(1).path("value").asString()).isEqualTo("******");
	}

	@Test
	void showValuesDecidesPerHttpCallerAndSensitiveKeysStayMasked(EtcdCluster etcd) throws Exception {
		try (ActuatorApp always = startWithValues(etcd, "management.endpoint.etcd.show-values=always")) {
			JsonNode watched = always.get("/actuator/etcd").json().path("watchedKeys");
			assertThat(watched.get(0).path("value").asString()).isEqualTo("******");
			assertThat(watched.get(1).path("value").asString()).isEqualTo("10");
		}
		try (ActuatorApp whenAuthorized = startWithValues(etcd,
				"management.endpoint.etcd.show-values=when-authorized")) {
			Response response = whenAuthorized.get("/actuator/etcd");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().path("watchedKeys").get(1).path("value").asString())
				.as("an anonymous HTTP caller is not authorized")
				.isEqualTo("******");
			assertThat(whenAuthorized.context().getBean(EtcdEndpoint.class).etcd().watchedKeys().get(1).value())
				.as("outside the web (JMX), as for Boot's env endpoint")
				.isEqualTo("10");
		}
	}

	private static ActuatorApp startWithValues(EtcdCluster etcd, String property) {
		ActuatorApp app = ActuatorApp.start(etcd, new Class<?>[] { WatchesConfiguration.class }, property,
				"etcd.registry.enabled=false");
		ConfigStore store = app.context().getBean(ConfigStore.class);
		store.put("/config/actuator-it/db.password", SECRET);
		store.put("/config/actuator-it/limit", "10");
		return app;
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	@Configuration(proxyBeanMethods = false)
	static class WatchesConfiguration {

		/** Stands in for the config center: reports two keys with their current values. */
		@Bean
		EtcdConfigWatches testConfigWatches(ConfigStore store) {
			return () -> List.of(watched(store, "/config/actuator-it/db.password"),
					watched(store, "/config/actuator-it/limit"));
		}

		private static EtcdConfigWatches.WatchedKey watched(ConfigStore store, String key) {
			ConfigEntry entry = store.getEntry(key).orElse(null);
			return new EtcdConfigWatches.WatchedKey(key, "test", (entry != null) ? entry.modRevision() : 0,
					(entry != null) ? entry.value() : null);
		}

	}

}
