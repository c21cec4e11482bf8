package dev.etcdregistry.boot.actuate;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.boot.testsupport.UnconnectedEtcd;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.test.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code tls} mode {@code /actuator/etcd} reports for a connection whose TLS comes from an
 * SSL bundle ({@code etcd.ssl.bundle}): {@code mutual} when the bundle holds a client key,
 * {@code on} when it only trusts. A never-connected {@link EtcdConnection} keeps the test away
 * from the network.
 */
class EtcdEndpointTlsModeTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, EtcdAutoConfiguration.class,
				EtcdEndpointAutoConfiguration.class))
		.withBean(EtcdConnection.class, UnconnectedEtcd::connection)
		.withPropertyValues("management.endpoints.web.exposure.include=etcd", "etcd.endpoints=https://127.0.0.1:2379",
				"etcd.ssl.bundle=etcd-client");

	@TempDir
	Path dir;

	@Test
	void aBundleWithAClientKeyIsMutual() {
		TestCertificates certs = TestCertificates.generate(this.dir);
		String prefix = "spring.ssl.bundle.pem.etcd-client";
		this.contextRunner
			.withPropertyValues(prefix + ".truststore.certificate=file:" + certs.caFile(),
					prefix + ".keystore.certificate=file:" + certs.clientCertFile(),
					prefix + ".keystore.private-key=file:" + certs.clientKeyFile())
			.run((context) -> assertThat(context.getBean(EtcdEndpoint.class).etcd().connection().tls())
				.isEqualTo("mutual"));
	}

	@Test
	void aBundleThatOnlyTrustsIsOn() {
		TestCertificates certs = TestCertificates.generate(this.dir);
		this.contextRunner
			.withPropertyValues("spring.ssl.bundle.pem.etcd-client.truststore.certificate=file:" + certs.caFile())
			.run((context) -> assertThat(context.getBean(EtcdEndpoint.class).etcd().connection().tls())
				.isEqualTo("on"));
	}

}
