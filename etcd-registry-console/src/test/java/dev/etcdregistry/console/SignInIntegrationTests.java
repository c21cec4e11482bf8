package dev.etcdregistry.console;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Signing in with etcd's own users, in a real headless Chromium. */
@EtcdTest(auth = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInIntegrationTests {

	private ConfigurableApplicationContext console;

	private Browser browser;

	private EtcdCluster etcd;

	@BeforeAll
	void start(EtcdCluster etcd) {
		this.etcd = etcd;
		this.console = ConsoleRunner.start(etcd);
		this.browser = Browser.open(ConsoleRunner.base(this.console));
	}

	@AfterAll
	void stop() {
		if (this.browser != null) {
			this.browser.close();
		}
		if (this.console != null) {
			this.console.close();
		}
	}

	@Test
	void wrongPasswordIsRefusedByEtcd() {
		this.browser.signIn(this.etcd.rootUser(), "not-" + this.etcd.rootPassword());
		assertThat(this.browser.await("#login-error").getText()).contains("etcd rejected the user name or password");
		assertThat(this.browser.path()).startsWith("/login");
		this.browser.screenshot("sign-in-refused");
	}

	@Test
	void rightPasswordSignsInAndSignOutEndsTheSession() {
		this.browser.signIn(this.etcd.rootUser(), this.etcd.rootPassword());
		assertThat(this.browser.await("#me").getText()).isEqualTo(this.etcd.rootUser());
		assertThat(this.browser.path()).isEqualTo("/registry");
		assertThat(this.browser.findAll("#auth-off")).isEmpty();
		// the registry page opened this session's one watch; signing out closes it with the connection
		await().atMost(Duration.ofSeconds(20)).until(() -> watches() == 1);
		this.browser.signOut();
		await().atMost(Duration.ofSeconds(20)).until(() -> watches() == 0);
		this.browser.await("#username");
		this.browser.go("/registry");
		assertThat(this.browser.path()).startsWith("/login");
	}

	@Test
	void stoppingTheConsoleClosesTheSessionsItHolds() {
		long before = watches();
		try (ConfigurableApplicationContext other = ConsoleRunner.start(this.etcd);
				Browser second = Browser.open(ConsoleRunner.base(other))) {
			second.signIn(this.etcd.rootUser(), this.etcd.rootPassword());
			second.await("#me");
			await().atMost(Duration.ofSeconds(20)).until(() -> watches() == before + 1);
			other.close();
			// the session was never signed out: the console's own shutdown must close its connection
			await().atMost(Duration.ofSeconds(20)).until(() -> watches() == before);
		}
	}

	private long watches() {
		return this.etcd.openStreams(this.etcd.node(0), "Watch");
	}

	@Test
	void pagesNeedSignIn() {
		this.browser.driver().manage().deleteAllCookies();
		this.browser.go("/config");
		assertThat(this.browser.path()).startsWith("/login");
	}

}
