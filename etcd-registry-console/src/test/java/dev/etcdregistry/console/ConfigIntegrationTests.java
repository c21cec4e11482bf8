package dev.etcdregistry.console;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebElement;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigEntry;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceKeys;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The config pages in a real headless Chromium, against a real etcd with auth. */
@EtcdTest(auth = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigIntegrationTests {

	private ConfigurableApplicationContext console;

	private Browser browser;

	private EtcdConnection root;

	private ConfigStore store;

	private EtcdCluster etcd;

	@BeforeAll
	void start(EtcdCluster etcd) {
		this.etcd = etcd;
		this.root = ConsoleRunner.root(etcd);
		this.store = ConfigStore.of(this.root);
		this.store.put("/config/application/greeting", "hello");
		this.store.put("/config/orders/limit", "100");
		this.store.put("/config/orders/db.password", "s3cr3t-value");
		this.store.put("/config/payments/fee", "0.3");
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
		if (this.root != null) {
			this.root.close();
		}
	}

	@Test
	void aContextPageListsTheRunningInstancesThatFollowIt() {
		try (ServiceRegistry registry = ServiceRegistry.of(this.root)) {
			registry.register(ServiceInstance.of("payments", "payments-1", "127.0.0.1", 9501));
			registry.register(ServiceInstance.of("payments", "payments-2", "127.0.0.1", 9502)
				.withStatus(ServiceKeys.OUT_OF_SERVICE));
			registry.register(ServiceInstance.of("shipping", "shipping-9", "127.0.0.1", 9509));
			this.browser.go("/config/payments");
			assertThat(this.browser.textOf("#follower-count")).isEqualTo("2");
			assertThat(this.browser.textOf("tr[data-follower='payments-1']")).contains("127.0.0.1:9501").contains("UP");
			assertThat(this.browser.textOf("tr[data-follower='payments-2']")).contains("OUT_OF_SERVICE");
			assertThat(this.browser.findAll("tr[data-follower='shipping-9']")).isEmpty();
			// a profile's context is followed by the same application's instances
			this.browser.go("/config/payments,eu");
			assertThat(this.browser.textOf("#follower-count")).isEqualTo("2");
			// every application imports the common context
			this.browser.go("/config/application");
			assertThat(this.browser.textOf("#follower-count")).isEqualTo("3");
			assertThat(this.browser.textOf("#followers")).contains("Every application");
		}
	}

	@Test
	void editDiffAndPublishAYamlDocument() {
		this.browser.go("/config/orders/edit");
		this.browser.find("#name").sendKeys("application.yaml");
		this.browser.find("#value").sendKeys("orders:\n  limit: 10\n  region: [eu\n");
		this.browser.find("#preview").click();
		assertThat(this.browser.await("#problem").getText()).startsWith("YAML:").contains("line");
		assertThat(this.store.get("/config/orders/application.yaml")).isEmpty();
		WebElement value = this.browser.find("#value");
		value.clear();
		value.sendKeys("orders:\n  limit: 10\n  region: eu\n");
		this.browser.find("#preview").click();
		assertThat(this.browser.await(".diff").getText()).contains("+ orders:").contains("+   region: eu");
		this.browser.screenshot("config-diff");
		this.browser.find("#publish").click();
		assertThat(this.browser.await("#notice").getText()).contains("Published /config/orders/application.yaml");
		assertThat(this.store.get("/config/orders/application.yaml")).hasValue("orders:\n  limit: 10\n  region: eu\n");
	}

	@Test
	void propertiesChangedTogetherArePublishedInOneTransaction() {
		this.store.put("/config/shop/currency", "EUR");
		this.store.put("/config/shop/vat", "20");
		this.browser.go("/config/shop/bulk");
		WebElement text = this.browser.await("#bulk-text");
		text.clear();
		text.sendKeys("currency=USD\nvat=20\nshipping=free\n");
		this.browser.find("#preview").click();
		assertThat(this.browser.await(".diffs").getText()).contains("- EUR").contains("+ USD").contains("+ free");
		this.browser.find("#publish").click();
		this.browser.await("#notice");
		ConfigEntry currency = this.store.getEntry("/config/shop/currency").orElseThrow();
		ConfigEntry shipping = this.store.getEntry("/config/shop/shipping").orElseThrow();
		assertThat(currency.value()).isEqualTo("USD");
		assertThat(shipping.modRevision()).isEqualTo(currency.modRevision());
		assertThat(this.store.getEntry("/config/shop/vat").orElseThrow().modRevision()).isLessThan(currency.modRevision());
		this.browser.screenshot("config-context");
		// the context's history shows the transaction as one version with both keys, and who made it
		this.browser.find("#context-history").click();
		WebElement latest = this.browser.await("tr.version");
		assertThat(latest.getAttribute("data-revision")).isEqualTo(Long.toString(currency.modRevision()));
		assertThat(latest.getText()).contains("/config/shop/currency").contains("/config/shop/shipping")
			.contains("root · publish 2 keys");
		assertThat(this.browser.findAll("tr.version")).hasSize(3);
	}

	@Test
	void aConcurrentEditIsCaughtAndNothingIsLost() {
		this.store.put("/config/orders/timeout", "5s");
		this.browser.go("/config/orders/edit?name=timeout");
		WebElement value = this.browser.await("#value");
		this.store.put("/config/orders/timeout", "7s");
		value.clear();
		value.sendKeys("9s");
		this.browser.find("#preview").click();
		this.browser.await("#stale");
		this.browser.find("#publish").click();
		assertThat(this.browser.await("#conflict").getText()).contains("Someone else changed /config/orders/timeout");
		assertThat(this.browser.find("#value").getAttribute("value")).isEqualTo("9s");
		assertThat(this.browser.text(".diffs")).contains("- 7s").contains("+ 9s");
		assertThat(this.store.get("/config/orders/timeout")).hasValue("7s");
		this.browser.screenshot("config-conflict");
	}

	@Test
	void historyShowsBothVersionsAndRollbackRestoresTheOldOneWhichAWatchFollows() {
		this.store.put("/config/billing/mode", "batch");
		List<String> seen = new CopyOnWriteArrayList<>();
		try (ConfigWatch watch = this.store.watch("/config/billing/mode",
				(event) -> event.changes().forEach((c) -> seen.add(c.newValue())))) {
			this.browser.go("/config/billing/edit?name=mode");
			WebElement value = this.browser.await("#value");
			value.clear();
			value.sendKeys("stream");
			this.browser.find("#preview").click();
			this.browser.await("#publish").click();
			this.browser.await("#notice");
			await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("stream"));
			this.browser.go("/config/billing/history?name=mode");
			List<WebElement> versions = this.browser.findAll("tr.version");
			assertThat(versions).hasSize(2);
			assertThat(versions.get(0).getText()).contains("+ stream").contains("root · publish mode");
			assertThat(versions.get(1).getText()).contains("+ batch").contains("not via the console");
			this.browser.screenshot("config-history");
			versions.get(1).findElement(org.openqa.selenium.By.cssSelector(".rollback")).click();
			assertThat(this.browser.await("#notice").getText()).contains("Rolled /config/billing/mode back");
			assertThat(this.store.get("/config/billing/mode")).hasValue("batch");
			await().atMost(Duration.ofSeconds(20)).until(() -> "batch".equals(watch.value("/config/billing/mode")
				.orElse(null)) && seen.get(seen.size() - 1).equals("batch"));
			assertThat(this.browser.findAll("tr.version")).hasSize(3);
			assertThat(this.browser.text("#audit")).contains("rollback of /config/billing/mode");
		}
	}

	@Test
	void sensitiveValuesAreMaskedUntilRevealed() {
		this.browser.go("/config/orders");
		WebElement row = this.browser.await("tr[data-key='db.password']");
		assertThat(row.getText()).contains(Masking.MASK).doesNotContain("s3cr3t-value");
		row.findElement(org.openqa.selenium.By.cssSelector(".reveal")).click();
		assertThat(this.browser.await("tr[data-key='db.password']").getText()).contains("s3cr3t-value");
	}

	@Test
	void aLimitedUserCannotSeeOrWriteAnotherAppsContext() {
		ConsoleRunner.limitedUser(this.root, "orders-dev", "orders-pw", "/config/orders/", "/console-audit/config/orders/");
		try (Browser other = Browser.open(ConsoleRunner.base(this.console))) {
			other.signIn("orders-dev", "orders-pw");
			other.await("#me");
			// its role has no read on /services/: the landing page says so instead of failing
			assertThat(other.await("#registry-denied").getText()).contains("lacks read permission");
			other.go("/config");
			assertThat(other.await("#list-denied").getText()).contains("may not list");
			other.go("/config/orders");
			assertThat(other.await("tr[data-key='limit']").getText()).contains("100");
			other.go("/config/payments");
			assertThat(other.await("#refused").getText()).contains("lacks read permission");
			assertThat(other.driver().getPageSource()).doesNotContain("0.3");
			other.screenshot("config-refused");
			// a write forged past the pages: etcd refuses it too
			other.go("/config/orders/edit");
			other.script("document.querySelector('form[action*=preview]').action = '/config/payments/publish';");
			other.find("#name").sendKeys("fee");
			other.find("#value").sendKeys("99");
			other.find("#preview").click();
			assertThat(other.await("#refused").getText()).contains("permission");
			assertThat(this.store.get("/config/payments/fee")).hasValue("0.3");
		}
	}

}
