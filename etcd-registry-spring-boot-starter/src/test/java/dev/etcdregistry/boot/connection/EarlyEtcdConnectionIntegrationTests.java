package dev.etcdregistry.boot.connection;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.test.LeakCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The connection opened in the background while the application starts
 * ({@link EtcdEarlyConnectListener}), on a real etcd: the bean is that connection; a failure
 * stops the start as it always did; a connection the context does not take is closed at once
 * (even one still waiting for an unreachable etcd); nothing is left behind.
 */
@EtcdTest
@Timeout(120)
class EarlyEtcdConnectionIntegrationTests {

	@Test
	void theConnectionBeanIsTheOneOpenedInTheBackground(EtcdCluster etcd) {
		LeakCheck leaks = LeakCheck.start(etcd);
		try (ConfigurableApplicationContext context = run(App.class, "etcd.endpoints=" + etcd.endpointsAsString())) {
			EarlyEtcdConnection early = context.getBean(EarlyEtcdConnection.BEAN_NAME, EarlyEtcdConnection.class);
			EtcdConnection connection = context.getBean(EtcdConnection.class);
			assertThat(early.opened()).as("opened on the background thread").isSameAs(connection);
			ConfigStore store = context.getBean(ConfigStore.class);
			store.put("/early/answer", "42");
			assertThat(store.get("/early/answer")).contains("42");
			assertThat(backgroundThreads()).as("the background threads are done once the context started").isEmpty();
		}
		leaks.assertNothingLeft();
	}

	@Test
	void unreachableEtcdStopsTheStartAsBeforeAndLeavesNothing(EtcdCluster etcd) throws Exception {
		LeakCheck leaks = LeakCheck.start(etcd);
		String endpoint = "http://127.0.0.1:" + closedPort();
		Throwable failure = catchThrowable(() -> run(App.class, "etcd.endpoints=" + endpoint, "etcd.connect-timeout=1s"));
		assertThat(failure).isInstanceOf(BeanCreationException.class);
		EtcdRegistryException cause = findCause(failure);
		assertThat(cause.reason()).isEqualTo(Reason.UNREACHABLE);
		Throwable direct = catchThrowable(() -> EtcdConnection
			.connect(EtcdSettings.builder().endpoints(endpoint).connectTimeout(Duration.ofSeconds(1)).build()));
		assertThat(cause).as("the same failure as a connection opened on the main thread")
			.hasMessage(direct.getMessage())
			.hasMessageContaining("no answer from " + endpoint);
		assertThat(backgroundThreads()).as("no background thread outlives the failed start").isEmpty();
		leaks.assertNothingLeft();
	}

	@Test
	void anApplicationsOwnConnectionLeavesTheEarlyOneClosedWithoutWaitingForIt(EtcdCluster etcd) throws Exception {
		LeakCheck leaks = LeakCheck.start(etcd);
		// the early connection would wait 60 s for this endpoint: the start must not
		String endpoint = "http://127.0.0.1:" + closedPort();
		long start = System.nanoTime();
		try (ConfigurableApplicationContext context = run(OwnConnectionApp.class, "etcd.endpoints=" + endpoint,
				"etcd.connect-timeout=60s", "own.endpoints=" + etcd.endpointsAsString())) {
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			System.out.printf("[figure] start with an unclaimed early connection to an unreachable etcd: %d ms%n",
					took.toMillis());
			assertThat(took).isLessThan(Duration.ofSeconds(60));
			EarlyEtcdConnection early = context.getBean(EarlyEtcdConnection.BEAN_NAME, EarlyEtcdConnection.class);
			assertThat(early.opened()).as("never handed out").isNull();
			assertThat(backgroundThreads()).isEmpty();
			assertThat(context.getBean(EtcdConnection.class).settings().endpointsAsString())
				.isEqualTo(etcd.endpointsAsString());
			context.getBean(ConfigStore.class).put("/early/own", "yes");
		}
		leaks.assertNothingLeft();
	}

	@Test
	void settingsThatDifferFromTheEnvironmentsGetAConnectionOfTheirOwn(EtcdCluster etcd) {
		LeakCheck leaks = LeakCheck.start(etcd);
		try (ConfigurableApplicationContext context = run(OwnSettingsApp.class,
				"etcd.endpoints=" + etcd.endpointsAsString(), "own.endpoints=" + etcd.endpointsAsString())) {
			EtcdConnection connection = context.getBean(EtcdConnection.class);
			assertThat(connection.settings().namespace()).isEqualTo("/own");
			assertThat(context.getBean(EarlyEtcdConnection.BEAN_NAME, EarlyEtcdConnection.class).opened())
				.as("not handed out, and closed").matches((early) -> early == null || early.isClosed());
			context.getBean(ConfigStore.class).put("/k", "v");
			try (EtcdConnection raw = EtcdConnection.connect(EtcdSettings.builder().endpoints(etcd.endpoints()).build())) {
				assertThat(ConfigStore.of(raw).get("/own/k")).contains("v");
			}
		}
		leaks.assertNothingLeft();
	}

	@Test
	void switchedOffThereIsNoBackgroundConnection(EtcdCluster etcd) {
		try (ConfigurableApplicationContext context = run(App.class, "etcd.endpoints=" + etcd.endpointsAsString(),
				"etcd.connect-in-background=false")) {
			assertThat(context.containsBean(EarlyEtcdConnection.BEAN_NAME)).isFalse();
			assertThat(context.getBean(ConfigStore.class).get("/early/nothing")).isEmpty();
		}
	}

	private static ConfigurableApplicationContext run(Class<?> app, String... properties) {
		return new SpringApplicationBuilder(app).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	private static List<String> backgroundThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.equals("etcd-registry-connect"))
			.toList();
	}

	private static EtcdRegistryException findCause(Throwable failure) {
		Throwable cause = failure;
		while (!(cause instanceof EtcdRegistryException)) {
			cause = cause.getCause();
		}
		return (EtcdRegistryException) cause;
	}

	private static int closedPort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(EtcdAutoConfiguration.class)
	static class App {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(EtcdAutoConfiguration.class)
	static class OwnConnectionApp {

		@Bean(destroyMethod = "close")
		EtcdConnection etcdConnection(org.springframework.core.env.Environment environment) {
			return EtcdConnection.connect(EtcdSettings.builder()
				.endpoints(List.of(environment.getRequiredProperty("own.endpoints").split(",")))
				.build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(EtcdAutoConfiguration.class)
	static class OwnSettingsApp {

		@Bean
		EtcdSettings etcdSettings(org.springframework.core.env.Environment environment) {
			return EtcdSettings.builder()
				.endpoints(List.of(environment.getRequiredProperty("own.endpoints").split(",")))
				.namespace("/own")
				.build();
		}

	}

}
