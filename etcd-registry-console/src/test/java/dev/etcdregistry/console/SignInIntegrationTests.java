package dev.etcdregistry.console;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;

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
		this.browser.signOut();
		this.browser.await("#username");
		this.browser.go("/registry");
		assertThat(this.browser.path()).startsWith("/login");
	}

	@Test
	void pagesNeedSignIn() {
		this.browser.driver().manage().deleteAllCookies();
		this.browser.go("/config");
		assertThat(this.browser.path()).startsWith("/login");
	}

}
