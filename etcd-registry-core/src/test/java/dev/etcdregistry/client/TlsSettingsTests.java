package dev.etcdregistry.client;

import java.nio.file.Files;
import java.nio.file.Path;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsSettingsTests {

	@TempDir
	Path dir;

	@Test
	void httpsEndpointsWithoutTlsSettingsUseTheJvmDefaultTrust() {
		EtcdSettings settings = EtcdSettings.builder().endpoints("https://etcd.example:2379").build();
		assertThat(settings.tls()).isNotNull();
		assertThat(settings.tls().caFile()).isNull();
		assertThat(settings.tls().trustStore()).isNull();
	}

	@Test
	void httpEndpointsHaveNoTls() {
		assertThat(EtcdSettings.builder().endpoints("http://127.0.0.1:2379").build().tls()).isNull();
	}

	@Test
	void tlsSettingsWithHttpEndpointsAreRefused() {
		assertThatThrownBy(() -> EtcdSettings.builder().endpoints("http://127.0.0.1:2379")
			.tls(TlsSettings.defaults()).build()).isInstanceOf(EtcdRegistryException.class)
			.hasMessageContaining("etcd.tls.*")
			.hasMessageContaining("https://");
	}

	@Test
	void mixedSchemesAreRefused() {
		assertThatThrownBy(() -> EtcdSettings.builder().endpoints("http://a:2379,https://b:2379").build())
			.hasMessageContaining("mix http:// and https://");
	}

	@Test
	void aCertificateNeedsItsKey() throws Exception {
		Path cert = Files.writeString(this.dir.resolve("c.pem"), "x");
		assertThatThrownBy(() -> TlsSettings.builder().certFile(cert).build())
			.isInstanceOfSatisfying(EtcdRegistryException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
			.hasMessageContaining("etcd.tls.cert-file and etcd.tls.key-file");
	}

	@Test
	void aMissingFileIsNamedWithItsProperty() {
		Path missing = this.dir.resolve("nope.pem");
		assertThatThrownBy(() -> TlsSettings.builder().caFile(missing).build())
			.hasMessageContaining(missing.toString())
			.hasMessageContaining("etcd.tls.ca-file")
			.hasMessageContaining("does not exist");
	}

	@Test
	void aFileThatIsNotPemIsNamedWithItsProperty() throws Exception {
		Path garbage = Files.writeString(this.dir.resolve("ca.pem"), "not a certificate");
		EtcdSettings settings = EtcdSettings.builder().endpoints("https://127.0.0.1:1")
			.tls(TlsSettings.builder().caFile(garbage).build()).build();
		assertThatThrownBy(() -> EtcdConnection.connect(settings)).isInstanceOf(EtcdRegistryException.class)
			.hasMessageContaining("etcd.tls.ca-file")
			.hasMessageContaining(garbage.toString());
	}

	@Test
	void toStringNeverShowsPasswords() throws Exception {
		Path store = Files.writeString(this.dir.resolve("s.p12"), "x");
		TlsSettings tls = TlsSettings.builder().keyStore(store).keyStorePassword("ks-Secret-1")
			.trustStore(store).trustStorePassword("ts-Secret-2").build();
		EtcdSettings settings = EtcdSettings.builder().endpoints("https://127.0.0.1:2379").username("app")
			.password("pw-Secret-3").tls(tls).build();
		assertThat(settings.toString()).contains("s.p12")
			.doesNotContain("ks-Secret-1", "ts-Secret-2", "pw-Secret-3");
	}

	@Test
	void anAuthorityMustBeAHostName() {
		assertThatThrownBy(() -> TlsSettings.builder().authority("https://x/y")).hasMessageContaining(
				"etcd.tls.authority");
		assertThat(TlsSettings.builder().authority(" etcd.example ").build().authority()).isEqualTo("etcd.example");
	}


	@Test
	void aSuppliedContextIsReportedAsDeclaredAndRefusesFilesBesideIt() throws Exception {
		SslContext context = GrpcSslContexts.forClient().build();
		TlsSettings supplied = TlsSettings.builder().sslContext(context, true).authority("etcd.example").build();
		assertThat(supplied.sslContext()).isSameAs(context);
		assertThat(supplied.presentsClientCertificate()).isTrue();
		assertThat(supplied.authority()).isEqualTo("etcd.example");
		assertThat(supplied).isNotEqualTo(TlsSettings.builder().sslContext(context, false).authority("etcd.example").build());
		assertThat(TlsSettings.defaults().presentsClientCertificate()).isFalse();
		Path ca = Files.writeString(this.dir.resolve("ca.pem"), "x");
		assertThatThrownBy(() -> TlsSettings.builder().sslContext(context, false).caFile(ca).build())
			.isInstanceOfSatisfying(EtcdRegistryException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
			.hasMessageContaining("supplied SslContext");
		assertThatThrownBy(() -> TlsSettings.builder().sslContext(null, false)).hasMessageContaining("client context");
	}

}
