package dev.etcdregistry.console;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Against an etcd without authentication the console still works, and says so on every page. */
@EtcdTest
class WithoutAuthIntegrationTests {

	@Test
	void signsInWithoutAPasswordCheckAndWarnsOnEveryPage(EtcdCluster etcd) {
		try (EtcdConnection connection = ConsoleRunner.root(etcd);
				ConfigurableApplicationContext console = ConsoleRunner.start(etcd);
				Browser browser = Browser.open(ConsoleRunner.base(console))) {
			ConfigStore.of(connection).put("/config/orders/limit", "100");
			browser.signIn("alice", "anything");
			assertThat(browser.await("#me").getText()).isEqualTo("alice");
			assertThat(browser.text("#auth-off")).contains("authentication off");
			for (String page : new String[] { "/registry", "/config", "/config/orders", "/config/orders/history" }) {
				browser.go(page);
				assertThat(browser.await("#auth-off").getText()).as(page).contains("authentication off");
			}
			browser.screenshot("auth-off");
		}
	}

}
