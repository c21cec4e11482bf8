package dev.etcdregistry.boot.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.test.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EtcdSettingsFactoryTests {

	@TempDir
	Path dir;


	@Test
	void readsThePasswordFileDroppingOneTrailingNewline() throws Exception {
		EtcdProperties properties = properties();
		properties.setPasswordFile(Files.writeString(this.dir.resolve("pw"), " s3cret \r\n").toString());
		assertThat(EtcdSettingsFactory.create(properties).password()).isEqualTo(" s3cret ");
	}

	@Test
	void theConfigImportBuildsAnSslBundleFromItsSpringSslBundleProperties() throws Exception {
		EtcdProperties properties = properties();
		properties.setEndpoints(List.of("https://127.0.0.1:2379"));
		properties.getSsl().setBundle("etcd");
		Path ca = certificates().caFile();
		EtcdSettings settings = EtcdSettingsFactory.create(properties,
				binder("spring.ssl.bundle.pem.etcd.truststore.certificate", "file:" + ca));
		assertThat(settings.tls()).isNotNull();
		assertThat(settings.tls().sslContext()).isNotNull();
		assertThat(settings.tls().presentsClientCertificate()).isFalse();
	}

	@Test
	void theConfigImportNamesABundleThatIsNotDefined() {
		EtcdProperties properties = properties();
		properties.setEndpoints(List.of("https://127.0.0.1:2379"));
		properties.getSsl().setBundle("etcd");
		assertThatThrownBy(() -> EtcdSettingsFactory.create(properties, binder("unrelated", "x")))
			.isInstanceOf(EtcdRegistryException.class)
			.hasMessageContaining("etcd.ssl.bundle='etcd' names no SSL bundle; define it as spring.ssl.bundle.pem.etcd.*");
	}

	@Test
	void theConfigImportRefusesABundleBesideTlsFiles() throws IOException {
		EtcdProperties properties = properties();
		properties.setEndpoints(List.of("https://127.0.0.1:2379"));
		properties.getSsl().setBundle("etcd");
		Path ca = certificates().caFile();
		properties.getTls().setCaFile(ca.toString());
		assertThatThrownBy(() -> EtcdSettingsFactory.create(properties,
				binder("spring.ssl.bundle.pem.etcd.truststore.certificate", "file:" + ca)))
			.hasMessageContaining("both etcd.ssl.bundle and etcd.tls.* files are set");
	}

	@Test
	void theEarlyConnectionLeavesAnSslBundleToTheContext() {
		EtcdProperties properties = properties();
		properties.getSsl().setBundle("etcd");
		assertThatThrownBy(() -> EtcdSettingsFactory.create(properties)).isInstanceOf(EtcdRegistryException.class)
			.hasMessageContaining("etcd.ssl.bundle='etcd'");
	}

	private TestCertificates certificates() throws IOException {
		// openssl-made, as the real files a bundle reads; one set per test (a fresh @TempDir each)
		return TestCertificates.generate(Files.createDirectories(this.dir.resolve("certs")));
	}

	private static Binder binder(String name, String value) {
		return new Binder(new MapConfigurationPropertySource(Map.of(name, value)));
	}

	@Test
	void refusesBothAPasswordAndAPasswordFile() throws Exception {
		EtcdProperties properties = properties();
		properties.setPassword("p");
		properties.setPasswordFile(Files.writeString(this.dir.resolve("pw"), "q").toString());
		assertThatThrownBy(() -> EtcdSettingsFactory.create(properties))
			.hasMessageContaining("etcd.password and etcd.password-file");
	}

	@Test
	void anUnreadablePasswordFileIsNamedButNeverQuoted() {
		EtcdProperties properties = properties();
		properties.setPasswordFile(this.dir.resolve("missing").toString());
		assertThatThrownBy(() -> EtcdSettingsFactory.create(properties)).isInstanceOf(EtcdRegistryException.class)
			.hasMessageContaining("etcd.password-file")
			.hasMessageContaining("missing");
	}

	@Test
	void mapsTheTlsProperties() throws Exception {
		Path ca = Files.writeString(this.dir.resolve("ca.pem"), "x");
		EtcdProperties properties = properties();
		properties.setEndpoints(List.of("https://10.0.0.1:2379"));
		properties.getTls().setCaFile(ca.toString());
		properties.getTls().setAuthority("etcd.internal");
		EtcdSettings settings = EtcdSettingsFactory.create(properties);
		assertThat(settings.tls().caFile()).isEqualTo(ca);
		assertThat(settings.tls().authority()).isEqualTo("etcd.internal");
	}

	@Test
	void httpsWithoutTlsPropertiesUsesTheJvmTrust() {
		EtcdProperties properties = properties();
		properties.setEndpoints(List.of("https://10.0.0.1:2379"));
		assertThat(EtcdSettingsFactory.create(properties).tls()).isNotNull();
	}

	private static EtcdProperties properties() {
		EtcdProperties properties = new EtcdProperties();
		properties.setUsername("app");
		return properties;
	}

}
