package dev.etcdregistry.boot.connection;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.etcdregistry.boot.testsupport.UnconnectedEtcd;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.client.TlsSettings;
import dev.etcdregistry.test.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EtcdConnectionDetails} in {@link EtcdAutoConfiguration}: the default from the
 * properties, a bean of the application's winning over them, and the {@code etcd.ssl.bundle}
 * path. A never-connected {@link EtcdConnection} keeps every test away from the network.
 */
class EtcdConnectionDetailsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, EtcdAutoConfiguration.class))
		.withBean(EtcdConnection.class, UnconnectedEtcd::connection);

	@TempDir
	Path dir;

	@Test
	void defaultDetailsComeFromTheProperties() {
		this.contextRunner
			.withPropertyValues("etcd.endpoints=http://10.0.0.1:2379,http://10.0.0.2:2379", "etcd.username=orders",
					"etcd.password=s3cr3t-value")
			.run((context) -> {
				assertThat(context).hasSingleBean(EtcdConnectionDetails.class)
					.getBean(EtcdConnectionDetails.class)
					.isInstanceOf(PropertiesEtcdConnectionDetails.class);
				EtcdConnectionDetails details = context.getBean(EtcdConnectionDetails.class);
				assertThat(details.getEndpoints()).containsExactly("http://10.0.0.1:2379", "http://10.0.0.2:2379");
				assertThat(details.getUsername()).isEqualTo("orders");
				assertThat(details.getPassword()).isEqualTo("s3cr3t-value");
				assertThat(details.getSslBundle()).isNull();
				EtcdSettings settings = context.getBean(EtcdSettings.class);
				assertThat(settings.endpoints()).containsExactly(URI.create("http://10.0.0.1:2379"),
						URI.create("http://10.0.0.2:2379"));
				assertThat(settings.username()).isEqualTo("orders");
				assertThat(settings.password()).isEqualTo("s3cr3t-value");
			});
	}

	@Test
	void aDetailsBeanWinsAndTheConnectionPropertiesAreNotRead() {
		// properties that would fail if read: a TLS file that does not exist, a password without a user
		this.contextRunner.withBean(EtcdConnectionDetails.class, UserDetails::new)
			.withPropertyValues("etcd.endpoints=http://10.9.9.9:2379", "etcd.password=from-properties",
					"etcd.tls.ca-file=/does/not/exist.pem", "etcd.namespace=/tenant-a")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(EtcdConnectionDetails.class);
				assertThat(context.getBean(EtcdConnectionDetails.class)).isInstanceOf(UserDetails.class);
				EtcdSettings settings = context.getBean(EtcdSettings.class);
				assertThat(settings.endpoints()).containsExactly(URI.create("https://etcd.example.com:2379"));
				assertThat(settings.username()).isEqualTo("svc");
				assertThat(settings.password()).isEqualTo("from-bean");
				assertThat(settings.tls()).as("https without etcd.tls.*: the JVM's trust").isEqualTo(TlsSettings.defaults());
				assertThat(settings.namespace()).as("still a property").isEqualTo("/tenant-a");
			});
	}

	@Test
	void etcdSslBundleNamesASpringSslBundle() {
		TestCertificates certs = TestCertificates.generate(this.dir);
		this.contextRunner.withPropertyValues(pemBundle(certs, "etcd-client"))
			.withPropertyValues("etcd.endpoints=https://127.0.0.1:2379", "etcd.ssl.bundle=etcd-client")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SslBundle bundle = context.getBean(EtcdConnectionDetails.class).getSslBundle();
				assertThat(bundle).isSameAs(context.getBean(SslBundles.class).getBundle("etcd-client"));
				assertThat(bundle.getStores().getKeyStore().containsAlias("ssl")).isTrue();
				// the bundle's TLS is in the settings, as the context the connection uses, with a client certificate
				TlsSettings tls = context.getBean(EtcdSettings.class).tls();
				assertThat(ReloadingSslBundleContext.of(tls)).isNotNull();
				assertThat(tls.presentsClientCertificate()).isTrue();
				assertThat(tls.caFile()).isNull();
			});
	}

	@Test
	void aMissingBundleFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("etcd.endpoints=https://127.0.0.1:2379", "etcd.ssl.bundle=nope")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("etcd.ssl.bundle='nope' names no SSL bundle; define it as "
						+ "spring.ssl.bundle.pem.nope.* or spring.ssl.bundle.jks.nope.*"));
	}

	@Test
	void aBundleAndEtcdTlsFilesTogetherFailNamingBoth() {
		TestCertificates certs = TestCertificates.generate(this.dir);
		this.contextRunner.withPropertyValues(pemBundle(certs, "etcd-client"))
			.withPropertyValues("etcd.endpoints=https://127.0.0.1:2379", "etcd.ssl.bundle=etcd-client",
					"etcd.tls.ca-file=" + certs.caFile())
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("both etcd.ssl.bundle and etcd.tls.* files are set; keep only one"));
	}

	@Test
	void aBundleWithHttpEndpointsFails() {
		TestCertificates certs = TestCertificates.generate(this.dir);
		this.contextRunner.withPropertyValues(pemBundle(certs, "etcd-client"))
			.withPropertyValues("etcd.endpoints=http://127.0.0.1:2379", "etcd.ssl.bundle=etcd-client")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("etcd.ssl.bundle")
				.hasMessageContaining("https://"));
	}

	static String[] pemBundle(TestCertificates certs, String name) {
		String prefix = "spring.ssl.bundle.pem." + name;
		return new String[] { prefix + ".truststore.certificate=file:" + certs.caFile(),
				prefix + ".keystore.certificate=file:" + certs.clientCertFile(),
				prefix + ".keystore.private-key=file:" + certs.clientKeyFile() };
	}

	static final class UserDetails implements EtcdConnectionDetails {

		@Override
		public List<String> getEndpoints() {
			return List.of("https://etcd.example.com:2379");
		}

		@Override
		public String getUsername() {
			return "svc";
		}

		@Override
		public String getPassword() {
			return "from-bean";
		}

	}

}
