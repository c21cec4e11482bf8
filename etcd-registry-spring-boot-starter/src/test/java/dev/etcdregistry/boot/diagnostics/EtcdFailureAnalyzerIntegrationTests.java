package dev.etcdregistry.boot.diagnostics;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.boot.actuate.EtcdHealthContributorAutoConfiguration;
import dev.etcdregistry.boot.actuate.EtcdHealthIndicator;
import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What a user sees when the etcd credentials are wrong, on a real etcd with authentication.
 */
@EtcdTest(auth = true)
@Timeout(120)
@ExtendWith(OutputCaptureExtension.class)
class EtcdFailureAnalyzerIntegrationTests {

	private static final String WRONG_PASSWORD = "wrong-pw-8c1f";

	@Test
	void wrongPasswordAtStartupIsExplainedWithoutShowingIt(EtcdCluster etcd, CapturedOutput output) {
		RuntimeException failure = catchThrowableOfType(RuntimeException.class,
				() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
					.properties("etcd.endpoints=" + etcd.endpointsAsString(), "etcd.username=" + etcd.rootUser(),
							"etcd.password=" + WRONG_PASSWORD)
					.run());
		assertThat(failure).isNotNull();
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("rejected the user name or password")
			.contains("Set 'etcd.username' and 'etcd.password' to a user etcd knows")
			.contains("etcdctl --endpoints=" + etcd.endpointsAsString() + " endpoint health --user=<user>")
			.doesNotContain(WRONG_PASSWORD)
			.doesNotContain(etcd.rootPassword());
	}

	@Test
	void aFailedImportIsExplainedInTheSameBoxWithoutAStackTrace(EtcdCluster etcd, CapturedOutput output) {
		RuntimeException failure = catchThrowableOfType(RuntimeException.class,
				() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
					.properties("etcd.endpoints=" + etcd.endpointsAsString(), "etcd.username=" + etcd.rootUser(),
							"etcd.password=" + WRONG_PASSWORD, "spring.config.import=etcd:")
					.run());
		assertThat(failure).isNotNull();
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("rejected the user name or password")
			.contains("Set 'etcd.username' and 'etcd.password' to a user etcd knows")
			.doesNotContain("Application run failed")
			.doesNotContain("\tat dev.etcdregistry")
			.doesNotContain(WRONG_PASSWORD);
	}

	@Test
	void wrongPasswordStopsStartupEvenWhenEtcdMayBeDown(EtcdCluster etcd, CapturedOutput output) {
		RuntimeException failure = catchThrowableOfType(RuntimeException.class,
				() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
					.properties("etcd.endpoints=" + etcd.endpointsAsString(), "etcd.username=" + etcd.rootUser(),
							"etcd.password=" + WRONG_PASSWORD, "etcd.fail-fast=false")
					.run());
		assertThat(failure).isNotNull();
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("rejected the user name or password")
			.doesNotContain("starting anyway")
			.doesNotContain(WRONG_PASSWORD);
	}

	@Test
	void wrongPasswordFromTheCoreConnectionIsAnalyzed(EtcdCluster etcd) {
		EtcdSettings settings = EtcdSettings.builder()
			.endpoints(etcd.endpoints())
			.username(etcd.rootUser())
			.password(WRONG_PASSWORD)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		EtcdRegistryException ex = catchThrowableOfType(EtcdRegistryException.class,
				() -> EtcdConnection.connect(settings).close());
		assertThat(ex.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
		FailureAnalysis analysis = new EtcdFailureAnalyzer(new MockEnvironment()
			.withProperty("etcd.endpoints", etcd.endpointsAsString())
			.withProperty("etcd.password", WRONG_PASSWORD)).analyze(ex);
		assertThat(analysis.getDescription()).contains(etcd.endpointsAsString());
		assertThat(analysis.getAction()).contains("'etcd.password'");
		assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(WRONG_PASSWORD);
	}

	@Test
	void rightPasswordStartsAndHealthIsUpWithoutShowingIt(EtcdCluster etcd) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.properties("etcd.endpoints=" + etcd.endpointsAsString(), "etcd.username=" + etcd.rootUser(),
					"etcd.password=" + etcd.rootPassword())
			.run()) {
			Health health = context.getBean(EtcdHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.toString()).doesNotContain(etcd.rootPassword());
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EtcdAutoConfiguration.class, EtcdHealthContributorAutoConfiguration.class })
	static class App {

	}

}
