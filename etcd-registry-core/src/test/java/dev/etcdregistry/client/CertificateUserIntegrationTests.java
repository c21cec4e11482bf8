package dev.etcdregistry.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.auth.Permission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.test.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * etcd with {@code --client-cert-auth} and auth on takes the user from the client certificate's
 * common name when a client sends no user name (README, Security). Such a user usually has a
 * least-privilege role that does not cover the key {@code "/"} the connection check reads: the
 * check must accept etcd's "permission denied" as the answer of a live etcd that took the
 * certificate's user, instead of refusing to start.
 */
@EtcdTest(clientCertAuth = true, auth = true)
@Timeout(90)
class CertificateUserIntegrationTests {

	/** The common name of the kit's client certificate. */
	private static final String CERTIFICATE_USER = "etcd-registry-client";

	@Test
	void aCertificateUserWithALeastPrivilegeRoleConnectsAndIsHeldToItsRole(EtcdCluster etcd) throws Exception {
		try (Client root = etcd.newClient()) {
			Auth auth = root.getAuthClient();
			auth.roleAdd(bytes("cert-app")).get(10, TimeUnit.SECONDS);
			auth.roleGrantPermission(bytes("cert-app"), bytes("/cert-app/"), bytes("/cert-app0"),
					Permission.Type.READWRITE)
				.get(10, TimeUnit.SECONDS);
			auth.userAdd(bytes(CERTIFICATE_USER), bytes("unused-" + System.nanoTime())).get(10, TimeUnit.SECONDS);
			auth.userGrantRole(bytes(CERTIFICATE_USER), bytes("cert-app")).get(10, TimeUnit.SECONDS);
		}
		TestCertificates certs = etcd.certificates();
		TlsSettings tls = TlsSettings.builder()
			.caFile(certs.caFile())
			.certFile(certs.clientCertFile())
			.keyFile(certs.clientKeyFile())
			.build();
		EtcdSettings settings = EtcdSettings.builder()
			.endpoints(etcd.endpoints())
			.tls(tls)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		try (EtcdConnection connection = EtcdConnection.connect(settings)) {
			assertThat(connection.isVerified()).isTrue();
			ConfigStore store = ConfigStore.of(connection);
			store.put("/cert-app/greeting", "from the certificate's user");
			assertThat(store.get("/cert-app/greeting")).contains("from the certificate's user");
			assertThatThrownBy(() -> store.get("/elsewhere"))
				.isInstanceOfSatisfying(EtcdRegistryException.class,
						(ex) -> assertThat(ex.reason()).isEqualTo(Reason.PERMISSION_DENIED))
				.hasMessageContaining("/elsewhere");
		}
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

}
