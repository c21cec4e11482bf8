package dev.etcdregistry.boot.connection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.client.EtcdSettings;

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
	void theConfigImportRefusesAnSslBundleSayingWhy() {
		EtcdProperties properties = properties();
		properties.setEndpoints(List.of("https://127.0.0.1:2379"));
		properties.getSsl().setBundle("etcd");
		assertThatThrownBy(() -> EtcdSettingsFactory.create(properties)).isInstanceOf(EtcdRegistryException.class)
			.hasMessageContaining("etcd.ssl.bundle='etcd' can't be used here: spring.config.import=etcd: connects "
					+ "before SSL bundles exist; give the import's TLS as etcd.tls.* files");
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
