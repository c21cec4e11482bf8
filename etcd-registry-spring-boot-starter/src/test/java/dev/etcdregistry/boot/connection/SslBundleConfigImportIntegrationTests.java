package dev.etcdregistry.boot.connection;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.boot.testsupport.EtcdApps;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.test.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring.config.import=etcd:} with the connection's TLS given as {@code etcd.ssl.bundle}
 * only (no {@code etcd.tls.*} files), against an etcd that demands client certificates: the
 * import reads the bundle's {@code spring.ssl.bundle.*} properties itself, since it runs before
 * the bundles exist as beans, and the application's connection then uses the bundle too.
 */
@EtcdTest(clientCertAuth = true)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SslBundleConfigImportIntegrationTests {

	@Test
	void theImportConnectsWithTheBundleNamedByEtcdSslBundle(EtcdCluster etcd) throws Exception {
		TestCertificates certs = etcd.certificates();
		try (EtcdApps apps = new EtcdApps(etcd)) {
			apps.raw()
				.getKVClient()
				.put(bytes(apps.namespace() + "/config/bundled/greeting"), bytes("over mutual TLS"))
				.get(10, TimeUnit.SECONDS);
			String bundle = "spring.ssl.bundle.pem.etcd";
			ConfigurableApplicationContext context = apps.run(App.class, false, "spring.application.name=bundled",
					"spring.config.import=etcd:", "etcd.ssl.bundle=etcd",
					bundle + ".truststore.certificate=file:" + certs.caFile(),
					bundle + ".keystore.certificate=file:" + certs.clientCertFile(),
					bundle + ".keystore.private-key=file:" + certs.clientKeyFile(), "etcd.registry.enabled=false");
			assertThat(context.getEnvironment().getProperty("greeting")).isEqualTo("over mutual TLS");
			assertThat(context.getBean(dev.etcdregistry.client.EtcdSettings.class).tls().presentsClientCertificate())
				.as("the application's connection uses the bundle as well")
				.isTrue();
		}
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
