package dev.etcdregistry.boot.connection;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.test.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The startup check of a connection whose TLS comes from an SSL bundle: its failures are worded
 * from the bundle, not from the {@code etcd.tls.*} defaults the core would otherwise probe with.
 */
@EtcdTest(nodes = 3, tls = true)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SslBundleStartupIntegrationTests {

	@Test
	void aBundleTrustingAnotherCaFailsNamingTheBundle(EtcdCluster etcd) {
		TestCertificates certs = etcd.certificates();
		Throwable failure = catchThrowable(() -> start(etcd, certs.otherCaFile().toString(), "etcd.fail-fast=true")
			.close());
		EtcdRegistryException cause = cause(failure);
		assertThat(cause.reason()).isEqualTo(Reason.TLS_FAILED);
		assertThat(cause).hasMessageContaining("using SSL bundle 'etcd' (etcd.ssl.bundle) failed")
			.hasMessageNotContaining("etcd.tls.ca-file");
	}

	/**
	 * Two of three members stopped: the third accepts TLS but can't answer. That is transient, so
	 * with fail-fast=false the application starts (the core's own probe, made with the JVM's trust
	 * store instead of the bundle's, would call it a certificate error and stop it).
	 */
	@Test
	void etcdWithoutQuorumIsUnreachableNotATlsErrorAndFailFastFalseStarts(EtcdCluster etcd) {
		TestCertificates certs = etcd.certificates();
		etcd.node(1).stop();
		etcd.node(2).stop();
		try {
			EtcdRegistryException failFast = cause(catchThrowable(
					() -> start(etcd, certs.caFile().toString(), "etcd.fail-fast=true").close()));
			assertThat(failFast.reason()).isEqualTo(Reason.UNREACHABLE);
			assertThat(failFast).hasMessageContaining("TLS with SSL bundle 'etcd' works");
			try (ConfigurableApplicationContext context = start(etcd, certs.caFile().toString(),
					"etcd.fail-fast=false")) {
				assertThat(context.getBean(EtcdConnection.class).isVerified()).isFalse();
			}
		}
		finally {
			etcd.node(1).start();
			etcd.node(2).start();
		}
	}

	private static ConfigurableApplicationContext start(EtcdCluster etcd, String ca, String failFast) {
		String bundle = "spring.ssl.bundle.pem.etcd";
		return new SpringApplicationBuilder(SslBundleReloadIntegrationTests.App.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "etcd.endpoints=" + etcd.node(0).clientEndpoint(),
					"etcd.ssl.bundle=etcd", bundle + ".truststore.certificate=file:" + ca, "etcd.connect-timeout=2s",
					"etcd.registry.enabled=false", "etcd.discovery.enabled=false", failFast)
			.run();
	}

	private static EtcdRegistryException cause(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof EtcdRegistryException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("an EtcdRegistryException in %s", failure).isNotNull();
		return (EtcdRegistryException) cause;
	}

}
