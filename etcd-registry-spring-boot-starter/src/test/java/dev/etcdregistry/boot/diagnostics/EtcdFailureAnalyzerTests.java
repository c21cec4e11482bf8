package dev.etcdregistry.boot.diagnostics;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.registry.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link EtcdFailureAnalyzer}; the analyses for a real etcd with authentication are
 * in {@code EtcdFailureAnalyzerIntegrationTests}.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class EtcdFailureAnalyzerTests {

	private final MockEnvironment environment = new MockEnvironment()
		.withProperty("etcd.endpoints", "http://10.0.0.1:2379,http://10.0.0.2:2379")
		.withProperty("etcd.username", "orders")
		.withProperty("etcd.password", "pa55word-xyz");

	private final EtcdFailureAnalyzer analyzer = new EtcdFailureAnalyzer(this.environment);

	@Test
	void unreachableNamesEndpointsPropertyAndHealthCommand() {
		FailureAnalysis analysis = analyze(Reason.UNREACHABLE, "Connecting to etcd failed: no answer");
		assertThat(analysis.getDescription()).isEqualTo("Connecting to etcd failed: no answer");
		assertThat(analysis.getAction()).contains("'etcd.endpoints'")
			.contains("etcdctl --endpoints=http://10.0.0.1:2379,http://10.0.0.2:2379 endpoint health");
	}

	@Test
	void timeoutSuggestsTheTimeoutsToo() {
		FailureAnalysis analysis = analyze(Reason.TIMEOUT, "read of '/x' failed: etcd did not answer");
		assertThat(analysis.getAction()).contains("'etcd.endpoints'").contains("'etcd.request-timeout'");
	}

	@Test
	void authenticationFailureNamesCredentialPropertiesButNotThePassword() {
		FailureAnalysis analysis = analyze(Reason.AUTHENTICATION_FAILED,
				"Connecting to etcd failed: rejected the user name or password pa55word-xyz");
		assertThat(analysis.getAction()).contains("'etcd.username'").contains("'etcd.password'")
			.contains("etcdctl --endpoints=http://10.0.0.1:2379,http://10.0.0.2:2379 endpoint health --user=");
		assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("pa55word-xyz");
	}

	@Test
	void aTlsFailureSaysWhichEtcdFlagsTheSettingsMustMatch() {
		FailureAnalysis analysis = analyze(Reason.TLS_FAILED, "Connecting to etcd failed: the TLS handshake with etcd "
				+ "at https://h:2379 failed: its certificate is not signed by a CA in etcd.tls.ca-file '/ca.pem'");
		assertThat(analysis.getDescription()).contains("etcd.tls.ca-file");
		assertThat(analysis.getAction()).contains("'etcd.tls.*'").contains("--trusted-ca-file").contains("--cacert");
	}

	@Test
	void aTlsFailureWithAnSslBundleNamesTheBundleNotEtcdTls() {
		FailureAnalysis analysis = analyze(Reason.TLS_FAILED, "Connecting to etcd failed: the TLS handshake with "
				+ "https://10.0.0.1:2379 using SSL bundle 'etcd' (etcd.ssl.bundle) failed: PKIX path building failed");
		assertThat(analysis.getAction()).contains("'etcd.ssl.bundle'").doesNotContain("etcd.tls.");
	}

	@Test
	void aMissingSslBundleNamesTheProperty() {
		FailureAnalysis analysis = analyze(Reason.INVALID_ARGUMENT, "etcd.ssl.bundle='nope' names no SSL bundle; "
				+ "define it as spring.ssl.bundle.pem.nope.* or spring.ssl.bundle.jks.nope.*, or fix the name");
		assertThat(analysis.getAction()).isEqualTo("Fix the property named above as described above.");
	}

	@Test
	void permissionDeniedSuggestsGrantingTheRole() {
		FailureAnalysis analysis = analyze(Reason.PERMISSION_DENIED, "put of '/services/a/1' failed: no permission");
		assertThat(analysis.getAction()).contains("'etcd.username'").contains("etcdctl role grant-permission");
	}

	@Test
	void invalidEndpointNamesEndpointsProperty() {
		FailureAnalysis analysis = analyze(Reason.INVALID_ARGUMENT, "etcd endpoint 'x' has no port");
		assertThat(analysis.getAction()).startsWith("Fix 'etcd.endpoints'");
	}

	@Test
	void invalidNamespaceNamesNamespaceProperty() {
		FailureAnalysis analysis = analyze(Reason.INVALID_ARGUMENT, "etcd namespace 'a b' contains whitespace");
		assertThat(analysis.getAction()).startsWith("Fix 'etcd.namespace'");
	}

	@Test
	void invalidServiceNameNamesRegistryProperty() {
		EtcdRegistryException invalid = catchThrowableOfType(EtcdRegistryException.class,
				() -> ServiceInstance.checkName("order service", "service name"));
		FailureAnalysis analysis = this.analyzer.analyze(invalid);
		assertThat(analysis.getDescription()).contains("'order service'");
		assertThat(analysis.getAction()).startsWith("Fix 'etcd.registry.service-name'");
	}

	@Test
	void endpointsGivenAsListAreAllNamed() {
		FailureAnalysis analysis = new EtcdFailureAnalyzer(new MockEnvironment()
			.withProperty("etcd.endpoints[0]", "http://a:2379")
			.withProperty("etcd.endpoints[1]", "http://b:2379"))
			.analyze(new EtcdRegistryException(Reason.UNREACHABLE, "no answer"));
		assertThat(analysis.getAction()).contains("etcdctl --endpoints=http://a:2379,http://b:2379 endpoint health");
	}

	@Test
	void userInfoInEndpointsIsNotRepeated() {
		FailureAnalysis analysis = new EtcdFailureAnalyzer(
				new MockEnvironment().withProperty("etcd.endpoints", "http://app:pw-in-url@a:2379"))
			.analyze(new EtcdRegistryException(Reason.UNREACHABLE, "no answer"));
		assertThat(analysis.getAction()).contains("--endpoints=http://a:2379 ").doesNotContain("pw-in-url");
	}

	@Test
	void otherReasonsAreLeftToSpringBoot() {
		assertThat(analyze(Reason.COMPACTED, "compacted")).isNull();
		assertThat(this.analyzer.analyze(new IllegalStateException("not ours"))).isNull();
	}

	@Test
	void endpointsDefaultToLocalEtcd() {
		FailureAnalysis analysis = new EtcdFailureAnalyzer(new MockEnvironment())
			.analyze(new EtcdRegistryException(Reason.UNREACHABLE, "no answer"));
		assertThat(analysis.getAction()).contains("etcdctl --endpoints=http://127.0.0.1:2379 endpoint health");
	}

	@Test
	void isRegisteredInSpringFactories() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, ArgumentResolver.of(Environment.class, this.environment),
					FailureHandler.handleMessage((message, failure) -> {
						// analyzers that need a bean factory are not ours
					})))
			.hasAtLeastOneElementOfType(EtcdFailureAnalyzer.class);
	}

	@Test
	void reportsUnreachableEtcdAtStartup(CapturedOutput output) throws IOException {
		int port = closedPort();
		Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.properties("etcd.endpoints=http://127.0.0.1:" + port, "etcd.connect-timeout=2s")
			.run());
		assertThat(failure).isInstanceOf(BeanCreationException.class);
		FailureAnalysis analysis = new EtcdFailureAnalyzer(new MockEnvironment()
			.withProperty("etcd.endpoints", "http://127.0.0.1:" + port)).analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("http://127.0.0.1:" + port);
		assertThat(analysis.getAction())
			.contains("etcdctl --endpoints=http://127.0.0.1:" + port + " endpoint health");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Connecting to etcd failed: no answer from http://127.0.0.1:" + port)
			.contains("then set 'etcd.endpoints' to its client URLs");
	}

	private FailureAnalysis analyze(Reason reason, String message) {
		return this.analyzer.analyze(new BeanCreationException("etcdConnection", "failed",
				new EtcdRegistryException(reason, message)));
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(EtcdAutoConfiguration.class)
	static class App {

	}

}
