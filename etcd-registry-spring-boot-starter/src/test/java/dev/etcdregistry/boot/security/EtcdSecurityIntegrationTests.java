package dev.etcdregistry.boot.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.auth.Permission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.etcdregistry.boot.testsupport.ActuatorApp;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.test.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * A whole application against etcd with mutual TLS and authentication: the config import,
 * registration, discovery and the actuator work with the password from a file, and neither the
 * right password nor a wrong one shows up in the log of a start and of a failed start, or in
 * the actuator's answers.
 */
@EtcdTest(clientCertAuth = true, auth = true)
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EtcdSecurityIntegrationTests {

	private final String namespace = "/sec-" + UUID.randomUUID().toString().substring(0, 8);

	@TempDir
	Path dir;

	@Test
	void aStartOverMutualTlsAndAFailedStartNeverShowThePassword(EtcdCluster etcd, CapturedOutput output)
			throws Exception {
		try (Client root = etcd.newClient()) {
			root.getKVClient()
				.put(bytes(this.namespace + "/config/application/greeting"), bytes("hello over tls"))
				.get(10, TimeUnit.SECONDS);
		}
		Path passwordFile = Files.writeString(this.dir.resolve("etcd-password"), etcd.rootPassword() + "\n");
		try (ActuatorApp app = ActuatorApp.start(etcd, new Class<?>[0], properties(etcd, "etcd.password-file="
				+ passwordFile, "spring.config.import=etcd:", "etcd.registry.register=true",
				"etcd.registry.service-name=secure-app", "etcd.registry.port=8443"))) {
			assertThat(app.context().getEnvironment().getProperty("greeting")).isEqualTo("hello over tls");
			ServiceDiscovery discovery = app.context().getBean(ServiceDiscovery.class);
			await().untilAsserted(() -> assertThat(discovery.instances("secure-app")).singleElement()
				.satisfies((instance) -> assertThat(instance.port()).isEqualTo(8443)));
			ActuatorApp.Response etcdEndpoint = app.get("/actuator/etcd");
			ActuatorApp.Response health = app.get("/actuator/health");
			assertThat(etcdEndpoint.status()).isEqualTo(200);
			assertThat(etcdEndpoint.body()).contains("secure-app").doesNotContain(etcd.rootPassword());
			assertThat(etcdEndpoint.json().path("connection").path("tls").asString()).isEqualTo("mutual");
			assertThat(health.body()).contains("UP").doesNotContain(etcd.rootPassword());
		}
		String wrong = "Wr0ng-" + UUID.randomUUID();
		assertThatException().isThrownBy(() -> ActuatorApp.start(etcd, new Class<?>[0],
				properties(etcd, "etcd.password=" + wrong, "spring.config.import=etcd:")).close())
			.withMessageContaining("rejected the user name or password");

		assertThat(output.getAll()).contains("Connected to etcd at https://")
			.contains("rejected the user name or password")
			.doesNotContain(etcd.rootPassword())
			.doesNotContain(wrong);
	}

	@Test
	void theConfigImportWithAWrongCaStopsStartupNamingTheProperty(EtcdCluster etcd) {
		assertThatException().isThrownBy(() -> ActuatorApp.start(etcd, new Class<?>[0], properties(etcd,
				"etcd.password=" + etcd.rootPassword(), "etcd.tls.ca-file=" + etcd.certificates().otherCaFile(),
				"etcd.connect-timeout=2s", "spring.config.import=etcd:")).close())
			.withMessageContaining("spring.config.import=etcd:")
			.withMessageContaining("TLS handshake")
			.withMessageContaining("etcd.tls.ca-file");
	}

	@Test
	void aLeastPrivilegeUserRunsTheWholeApplication(EtcdCluster etcd) throws Exception {
		String user = "app" + this.namespace.substring(5);
		String password = "pw-" + UUID.randomUUID();
		try (Client root = etcd.newClient()) {
			root.getKVClient()
				.put(bytes(this.namespace + "/config/secure-app/greeting"), bytes("least privilege"))
				.get(10, TimeUnit.SECONDS);
			Auth auth = root.getAuthClient();
			ByteSequence role = bytes(user);
			auth.roleAdd(role).get(10, TimeUnit.SECONDS);
			grant(auth, role, "/services/", Permission.Type.READ);
			grant(auth, role, "/services/secure-app/", Permission.Type.READWRITE);
			grant(auth, role, "/config/", Permission.Type.READ);
			grant(auth, role, "/service-overrides/", Permission.Type.READ);
			grant(auth, role, "/service-overrides/secure-app/", Permission.Type.READWRITE);
			auth.userAdd(bytes(user), bytes(password)).get(10, TimeUnit.SECONDS);
			auth.userGrantRole(bytes(user), role).get(10, TimeUnit.SECONDS);
		}
		try (ActuatorApp app = ActuatorApp.start(etcd, new Class<?>[0], properties(etcd, "etcd.username=" + user,
				"etcd.password=" + password, "spring.config.import=etcd:", "etcd.registry.register=true",
				"etcd.registry.service-name=secure-app", "etcd.registry.port=8443"))) {
			assertThat(app.context().getEnvironment().getProperty("greeting")).isEqualTo("least privilege");
			ServiceDiscovery discovery = app.context().getBean(ServiceDiscovery.class);
			await().untilAsserted(() -> assertThat(discovery.instances("secure-app")).hasSize(1));
			ActuatorApp.Response health = app.get("/actuator/health");
			assertThat(health.body()).contains("\"status\":\"UP\"");
		}
	}

	private void grant(Auth auth, ByteSequence role, String prefix, Permission.Type type) throws Exception {
		byte[] end = (this.namespace + prefix).getBytes(StandardCharsets.UTF_8);
		end[end.length - 1]++;
		auth.roleGrantPermission(role, bytes(this.namespace + prefix), ByteSequence.from(end), type)
			.get(10, TimeUnit.SECONDS);
	}

	private String[] properties(EtcdCluster etcd, String... more) {
		TestCertificates certs = etcd.certificates();
		String[] base = { "etcd.namespace=" + this.namespace, "etcd.username=" + etcd.rootUser(),
				"etcd.tls.ca-file=" + certs.caFile(), "etcd.tls.cert-file=" + certs.clientCertFile(),
				"etcd.tls.key-file=" + certs.clientKeyFile(), "logging.level.dev.etcdregistry=debug",
				"spring.application.name=secure-app" };
		String[] all = new String[base.length + more.length];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(more, 0, all, base.length, more.length);
		return all;
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

}
