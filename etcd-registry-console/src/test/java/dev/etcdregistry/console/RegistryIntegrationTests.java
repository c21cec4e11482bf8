package dev.etcdregistry.console;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.etcd.jetcd.KeyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceKeys;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static dev.etcdregistry.client.EtcdConnection.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The registry pages in a real headless Chromium: live updates and taking an instance out of traffic. */
@EtcdTest(auth = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryIntegrationTests {

	private ConfigurableApplicationContext console;

	private Browser browser;

	private EtcdConnection root;

	private ServiceRegistry registry;

	@BeforeAll
	void start(EtcdCluster etcd) {
		this.root = ConsoleRunner.root(etcd);
		this.registry = ServiceRegistry.of(this.root);
		this.registry.register(ServiceInstance.of("inventory", "inventory-1", "127.0.0.1", 9001));
		this.console = ConsoleRunner.start(etcd);
		this.browser = Browser.open(ConsoleRunner.base(this.console));
		this.browser.signIn(etcd.rootUser(), etcd.rootPassword());
		this.browser.await("#me");
	}

	@AfterAll
	void stop() {
		if (this.browser != null) {
			this.browser.close();
		}
		if (this.console != null) {
			this.console.close();
		}
		if (this.registry != null) {
			this.registry.close();
		}
		if (this.root != null) {
			this.root.close();
		}
	}

	@Test
	void aProviderStartedNowAppearsWithoutReload() {
		this.browser.go("/registry");
		this.browser.await("tr[data-service='inventory']");
		this.browser.script("window.notReloaded = true;");
		this.registry.register(new ServiceInstance("payments", "payments-1", "127.0.0.1", 9101, false,
				Map.of("zone", "a", "version", "1.4.2")));
		this.registry.register(ServiceInstance.of("payments", "payments-2", "127.0.0.1", 9102));
		// a push may replace the rows while they are read: read again then
		await().atMost(Duration.ofSeconds(20))
			.ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
			.untilAsserted(() -> assertThat(this.browser.findAll("tr[data-service='payments'] td.count"))
				.singleElement()
				.satisfies((count) -> assertThat(count.getText()).isEqualTo("2")));
		assertThat(this.browser.script("return window.notReloaded === true;")).isEqualTo(true);
		this.browser.screenshot("registry-services");
	}

	@Test
	void outOfTrafficWritesTheOverrideWithTheInstanceLeaseAndBackInDeletesIt() {
		this.registry.register(new ServiceInstance("shipping", "shipping-1", "127.0.0.1", 9201, false,
				Map.of("zone", "b")));
		this.browser.go("/registry/shipping");
		this.browser.click("tr[data-instance='shipping-1'] .out-button");
		this.browser.await("#notice");
		KeyValue instance = get("/services/shipping/shipping-1");
		KeyValue override = get("/service-overrides/shipping/shipping-1");
		assertThat(override).isNotNull();
		assertThat(override.getLease()).isEqualTo(instance.getLease()).isNotZero();
		assertThat(override.getValue().toString(StandardCharsets.UTF_8)).contains("\"status\":\"OUT_OF_SERVICE\"")
			.contains("\"by\":\"root\"")
			.containsPattern("\"at\":\"\\d{4}-\\d\\d-\\d\\dT");
		assertThat(this.browser.textOf("tr[data-instance='shipping-1'] .override")).contains("OUT_OF_SERVICE by root");
		assertThat(this.browser.textOf("tr[data-instance='shipping-1'] .ttl")).matches("\\d+ s of \\d+ s");
		this.browser.screenshot("registry-instances");
		this.browser.click("tr[data-instance='shipping-1'] .in-button");
		this.browser.await("tr[data-instance='shipping-1'] .out-button");
		assertThat(get("/service-overrides/shipping/shipping-1")).isNull();
	}

	@Test
	void theStatusAnInstanceReportsIsShown() {
		this.registry.register(ServiceInstance.of("audit", "audit-1", "127.0.0.1", 9401));
		this.registry.register(ServiceInstance.of("audit", "audit-2", "127.0.0.1", 9402)
			.withStatus(ServiceKeys.OUT_OF_SERVICE));
		this.browser.go("/registry/audit");
		assertThat(this.browser.textOf("tr[data-instance='audit-1'] .own-status")).isEqualTo("UP");
		assertThat(this.browser.textOf("tr[data-instance='audit-2'] .own-status")).isEqualTo("OUT_OF_SERVICE");
		// the instance's own status is not an operator's override: that one can still be set
		assertThat(this.browser.findAll("tr[data-instance='audit-2'] .override")).isEmpty();
		// the instance becomes ready: its page follows without reload
		this.registry.register(ServiceInstance.of("audit", "audit-2", "127.0.0.1", 9402));
		await().atMost(Duration.ofSeconds(20))
			.ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
			.untilAsserted(() -> assertThat(this.browser.textOf("tr[data-instance='audit-2'] .own-status"))
				.isEqualTo("UP"));
	}

	@Test
	void theOverrideGoesWithTheInstance() {
		this.registry.register(ServiceInstance.of("billing", "billing-1", "127.0.0.1", 9301));
		this.browser.go("/registry/billing");
		this.browser.click("tr[data-instance='billing-1'] .out-button");
		this.browser.await("#notice");
		assertThat(get("/service-overrides/billing/billing-1")).isNotNull();
		long lease = get("/services/billing/billing-1").getLease();
		this.root.await(this.root.client().getLeaseClient().revoke(lease), "revoke");
		// the registry grants a new lease and puts the instance back, without the override
		await().atMost(Duration.ofSeconds(20)).until(() -> get("/services/billing/billing-1") != null);
		assertThat(get("/service-overrides/shipping/billing-1")).isNull();
		assertThat(get("/service-overrides/billing/billing-1")).isNull();
	}

	@Test
	void aConsumerStopsCallingAnInstanceTakenOutOfTrafficAndCallsItAgainWhenBackIn(EtcdCluster etcd)
			throws Exception {
		try (PortServer first = new PortServer(); PortServer second = new PortServer()) {
			this.registry.register(ServiceInstance.of("greeting", "greeting-1", "127.0.0.1", first.port()));
			this.registry.register(ServiceInstance.of("greeting", "greeting-2", "127.0.0.1", second.port()));
			try (CallingConsumer consumer = new CallingConsumer(etcd, "greeting")) {
				long start = System.nanoTime();
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(consumer.since(start)).extracting(CallingConsumer.Call::port)
						.contains(first.port(), second.port()));
				this.browser.go("/registry/greeting");
				this.browser.click("tr[data-instance='greeting-2'] .out-button");
				this.browser.await("#notice");
				assertThat(get("/service-overrides/greeting/greeting-2")).isNotNull();
				long out = System.nanoTime();
				// settled: the last 30 calls went to the instance still in traffic
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(lastCalls(consumer.since(out), 30))
						.allMatch((call) -> !call.failed() && call.port() == first.port()));
				// and over the next 50 calls not one reaches the one taken out, nor fails
				long settled = System.nanoTime();
				await().atMost(Duration.ofSeconds(30)).until(() -> consumer.since(settled).size() >= 50);
				assertThat(consumer.since(settled)).as("calls after taking greeting-2 out of traffic")
					.filteredOn((call) -> call.failed() || call.port() == second.port())
					.isEmpty();
				this.browser.click("tr[data-instance='greeting-2'] .in-button");
				this.browser.await("tr[data-instance='greeting-2'] .out-button");
				assertThat(get("/service-overrides/greeting/greeting-2")).isNull();
				long in = System.nanoTime();
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(consumer.since(in)).extracting(CallingConsumer.Call::port)
						.contains(first.port(), second.port()));
				assertThat(consumer.since(in)).as("calls after putting greeting-2 back in traffic")
					.filteredOn(CallingConsumer.Call::failed)
					.isEmpty();
			}
			finally {
				this.registry.deregister("greeting", "greeting-1");
				this.registry.deregister("greeting", "greeting-2");
			}
		}
	}

	private static List<CallingConsumer.Call> lastCalls(List<CallingConsumer.Call> calls, int count) {
		assertThat(calls).hasSizeGreaterThanOrEqualTo(count);
		return calls.subList(calls.size() - count, calls.size());
	}

	private KeyValue get(String key) {
		return this.root.await(this.root.client().getKVClient().get(bytes(key)), "get").getKvs().stream()
			.findFirst()
			.orElse(null);
	}

}
