package dev.etcdregistry.client;

import java.time.Duration;

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
 * Mutual TLS with authentication on: PEM files and key stores both work, the authority
 * override is honoured, and a wrong CA, a missing client certificate or a wrong server name
 * fail at connect time with a message naming the endpoint and the property to fix.
 */
@EtcdTest(clientCertAuth = true, auth = true)
@Timeout(90)
class TlsConnectionIntegrationTests {

	@Test
	void connectsWithPemFiles(EtcdCluster etcd) {
		TestCertificates certs = etcd.certificates();
		TlsSettings tls = TlsSettings.builder()
			.caFile(certs.caFile())
			.certFile(certs.clientCertFile())
			.keyFile(certs.clientKeyFile())
			.build();
		try (EtcdConnection connection = EtcdConnection.connect(settings(etcd).tls(tls).build())) {
			ConfigStore store = ConfigStore.of(connection);
			store.put("/config/tls/pem", "yes");
			assertThat(store.get("/config/tls/pem")).contains("yes");
		}
	}

	@Test
	void connectsWithKeyStoresAndAnAuthorityOverride(EtcdCluster etcd) {
		TestCertificates certs = etcd.certificates();
		TlsSettings tls = TlsSettings.builder()
			.trustStore(certs.trustStore())
			.trustStorePassword(TestCertificates.STORE_PASSWORD)
			.keyStore(certs.clientKeyStore())
			.keyStorePassword(TestCertificates.STORE_PASSWORD)
			.authority(TestCertificates.SERVER_NAME)
			.build();
		try (EtcdConnection connection = EtcdConnection.connect(settings(etcd).tls(tls).build())) {
			ConfigStore store = ConfigStore.of(connection);
			store.put("/config/tls/p12", "yes");
			assertThat(store.get("/config/tls/p12")).contains("yes");
		}
		assertThat(tls.toString()).doesNotContain(TestCertificates.STORE_PASSWORD);
	}

	@Test
	void aWrongCaFailsNamingTheEndpointAndTheProperty(EtcdCluster etcd) {
		TestCertificates certs = etcd.certificates();
		TlsSettings tls = TlsSettings.builder()
			.caFile(certs.otherCaFile())
			.certFile(certs.clientCertFile())
			.keyFile(certs.clientKeyFile())
			.build();
		assertThatThrownBy(() -> EtcdConnection.connect(settings(etcd).tls(tls).build()))
			.isInstanceOfSatisfying(EtcdRegistryException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.TLS_FAILED))
			.hasMessageContaining(etcd.endpointsAsString())
			.hasMessageContaining("etcd.tls.ca-file")
			.hasMessageNotContaining(etcd.rootPassword());
	}

	@Test
	void mutualTlsWithoutAClientCertificateIsRefused(EtcdCluster etcd) {
		TlsSettings tls = TlsSettings.builder().caFile(etcd.certificates().caFile()).build();
		assertThatThrownBy(() -> EtcdConnection.connect(settings(etcd).tls(tls).build()))
			.isInstanceOfSatisfying(EtcdRegistryException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.TLS_FAILED))
			.hasMessageContaining(etcd.endpointsAsString())
			.hasMessageContaining("etcd.tls.cert-file");
	}

	@Test
	void aServerNameNotInTheCertificateIsRefused(EtcdCluster etcd) {
		TestCertificates certs = etcd.certificates();
		TlsSettings tls = TlsSettings.builder()
			.caFile(certs.caFile())
			.certFile(certs.clientCertFile())
			.keyFile(certs.clientKeyFile())
			.authority("not-in-the-cert.example")
			.build();
		assertThatThrownBy(() -> EtcdConnection.connect(settings(etcd).tls(tls).build()))
			.isInstanceOfSatisfying(EtcdRegistryException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.TLS_FAILED))
			.hasMessageContaining("etcd.tls.authority");
	}

	private static EtcdSettings.Builder settings(EtcdCluster etcd) {
		return EtcdSettings.builder()
			.endpoints(etcd.endpoints())
			.username(etcd.rootUser())
			.password(etcd.rootPassword())
			.connectTimeout(Duration.ofSeconds(3));
	}

}
