package dev.etcdregistry.seed;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Proves that this library and services built on the Node.js tutorial it comes from (the
 * "seed": {@code registerService}, {@code discoverService} and {@code watchService} on the npm
 * package {@code etcd3}, copied verbatim into {@code src/test/node}) see each other in a real
 * etcd, in both directions, with and without etcd authentication. Needs Node.js 18+ and npm.
 */
class SeedCompatibilityIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final Deque<AutoCloseable> resources = new ArrayDeque<>();

	@BeforeAll
	static void installEtcd3() throws Exception {
		NodeScripts.prepare();
	}

	@AfterEach
	void closeResources() throws Exception {
		Exception failure = null;
		while (!this.resources.isEmpty()) {
			try {
				this.resources.pop().close();
			}
			catch (Exception ex) {
				failure = (failure != null) ? failure : ex;
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	/** Without authentication. */
	@Nested
	@EtcdTest
	class WithoutAuth {

		/** A seed registration ({@code {host, port}} under a 10 s lease) is discovered; revoking its lease removes it. */
		@Test
		void nodeRegistrationIsDiscoveredAndGoneWhenNodeRevokesItsLease(EtcdCluster etcd) throws Exception {
			NodeScripts.Script node = registerInNodeAndAwaitDiscovery(etcd);
			node.send("stop");
			node.awaitEvent("revoked", WAIT);
			node.awaitSuccess(WAIT);
			awaitNoInstances(node);
		}

		/** A crashed seed process (no revoke) drops out of Java's cache once its 10 s lease expires. */
		@Test
		void nodeRegistrationIsGoneAfterTheLeaseTtlWhenNodeIsKilled(EtcdCluster etcd) throws Exception {
			NodeScripts.Script node = registerInNodeAndAwaitDiscovery(etcd);
			node.kill();
			awaitNoInstances(node);
		}

		/** The seed's {@code discoverService} reads what {@link ServiceRegistry} writes. */
		@Test
		void javaRegistrationIsReadBySeedDiscoverService(EtcdCluster etcd) throws Exception {
			assertSeedDiscoversJavaRegistration(etcd);
		}

		/** The seed's {@code watchService} sees a Java registration, and its removal by {@link ServiceRegistry#close()}. */
		@Test
		void seedWatchServiceSeesJavaRegistrationAndItsRemovalOnClose(EtcdCluster etcd) throws Exception {
			ServiceInstance instance = javaInstance();
			NodeScripts.Script watch = track(NodeScripts.start("seed-watch.js", etcd, "--service=" + instance.serviceName()));
			watch.awaitEvent("watching", WAIT);
			ServiceRegistry registry = track(ServiceRegistry.of(track(connect(etcd))));
			registry.register(instance);
			await().atMost(WAIT).untilAsserted(() -> assertThat(watch.events("changed"))
				.as(watch::describe).anySatisfy(event -> assertSeedSees(event.get("instances"), instance)));
			registry.close();
			await().atMost(WAIT).untilAsserted(() -> assertThat(watch.events("changed")).as(watch::describe)
				.last().satisfies(event -> assertThat(event.get("instances")).isEmpty()));
			watch.send("stop");
			watch.awaitSuccess(WAIT);
		}

	}

	/** With authentication on, both sides logging in as {@code root}, like the seed's {@code auth} option. */
	@Nested
	@EtcdTest(auth = true)
	class WithRootPassword {

		/** A seed registration made as root is discovered by Java logged in as root. */
		@Test
		void nodeRegistrationIsDiscoveredAndGoneWhenNodeRevokesItsLease(EtcdCluster etcd) throws Exception {
			NodeScripts.Script node = registerInNodeAndAwaitDiscovery(etcd);
			node.send("stop");
			node.awaitSuccess(WAIT);
			awaitNoInstances(node);
		}

		/** The seed's {@code discoverService} logged in as root reads what Java wrote as root. */
		@Test
		void javaRegistrationIsReadBySeedDiscoverService(EtcdCluster etcd) throws Exception {
			assertSeedDiscoversJavaRegistration(etcd);
		}

	}

	private ServiceDiscovery discovery;

	private String nodeService;

	/** Runs the seed's registerService in Node and waits until Java's discovery has the instance. */
	private NodeScripts.Script registerInNodeAndAwaitDiscovery(EtcdCluster etcd) throws Exception {
		this.nodeService = randomServiceName();
		this.discovery = track(ServiceDiscovery.of(track(connect(etcd))));
		NodeScripts.Script node = track(NodeScripts.start("seed-register.js", etcd, "--service=" + this.nodeService,
				"--id=node-1", "--host=10.0.0.7", "--port=3000"));
		JsonNode registered = node.awaitEvent("registered", WAIT);
		assertThat(registered.get("key").asString()).isEqualTo("/services/" + this.nodeService + "/node-1");
		await().atMost(WAIT).untilAsserted(() -> assertThat(this.discovery.instances(this.nodeService))
			.as(node::describe).containsExactly(ServiceInstance.of(this.nodeService, "node-1", "10.0.0.7", 3000)));
		return node;
	}

	private void awaitNoInstances(NodeScripts.Script node) {
		await().atMost(WAIT).untilAsserted(() -> assertThat(this.discovery.instances(this.nodeService))
			.as(node::describe).isEmpty());
		assertThat(this.discovery.services()).doesNotContain(this.nodeService);
	}

	private void assertSeedDiscoversJavaRegistration(EtcdCluster etcd) throws Exception {
		ServiceInstance instance = javaInstance();
		ServiceRegistry registry = track(ServiceRegistry.of(track(connect(etcd))));
		registry.register(instance);
		NodeScripts.Script discover = track(NodeScripts.start("seed-discover.js", etcd,
				"--service=" + instance.serviceName()));
		JsonNode discovered = discover.awaitEvent("discovered", WAIT);
		discover.awaitSuccess(WAIT);
		assertSeedSees(discovered.get("instances"), instance);
	}

	/** What the seed's JSON.parse returned: exactly this instance, with host and port as the seed reads them. */
	private static void assertSeedSees(JsonNode instances, ServiceInstance instance) {
		assertThat(instances).hasSize(1);
		JsonNode seen = instances.get(0);
		assertThat(seen.get("host").isString()).as("host is a string in %s", seen).isTrue();
		assertThat(seen.get("host").asString()).isEqualTo(instance.host());
		assertThat(seen.get("port").isInt()).as("port is a number in %s", seen).isTrue();
		assertThat(seen.get("port").intValue()).isEqualTo(instance.port());
		assertThat(seen.get("serviceName").asString()).isEqualTo(instance.serviceName());
		assertThat(seen.get("instanceId").asString()).isEqualTo(instance.instanceId());
		assertThat(seen.get("secure").booleanValue()).isEqualTo(instance.secure());
		instance.metadata().forEach((key, value) -> assertThat(seen.get("metadata").get(key).asString())
			.as("metadata.%s in %s", key, seen).isEqualTo(value));
	}

	private static ServiceInstance javaInstance() {
		return new ServiceInstance(randomServiceName(), "java-1", "10.1.2.3", 8443, true,
				Map.of("zone", "eu-west-1a", "version", "1.4.2"));
	}

	private static EtcdConnection connect(EtcdCluster etcd) {
		EtcdSettings.Builder settings = EtcdSettings.builder().endpoints(etcd.endpoints())
			.requestTimeout(Duration.ofSeconds(5));
		if (etcd.authEnabled()) {
			settings.username(etcd.rootUser()).password(etcd.rootPassword());
		}
		return EtcdConnection.connect(settings.build());
	}

	private static String randomServiceName() {
		return "seed-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.push(resource);
		return resource;
	}

}
