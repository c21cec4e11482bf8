package dev.etcdregistry.testsupport;

import java.time.Duration;
import java.util.UUID;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.test.EtcdCluster;

/**
 * Connections for integration tests: each test gets its own random namespace, so tests that
 * share one etcd never see each other's keys.
 */
public final class TestConnections {

	private TestConnections() {
	}

	/** A fresh namespace like {@code /it-1a2b3c4d}. */
	public static String randomNamespace() {
		return "/it-" + UUID.randomUUID().toString().substring(0, 8);
	}

	public static EtcdSettings.Builder settings(EtcdCluster cluster, String namespace) {
		EtcdSettings.Builder builder = EtcdSettings.builder()
			.endpoints(cluster.endpoints())
			.namespace(namespace)
			.connectTimeout(Duration.ofSeconds(5))
			.requestTimeout(Duration.ofSeconds(5));
		if (cluster.authEnabled()) {
			builder.username(cluster.rootUser()).password(cluster.rootPassword());
		}
		return builder;
	}

	public static EtcdConnection connect(EtcdCluster cluster, String namespace) {
		return EtcdConnection.connect(settings(cluster, namespace).build());
	}

	/** A connection that goes through {@code proxy} (so the test can cut it off). */
	public static EtcdConnection connectThrough(TcpProxy proxy, EtcdCluster cluster, String namespace) {
		EtcdSettings.Builder builder = EtcdSettings.builder()
			.endpoints(proxy.endpoint())
			.namespace(namespace)
			.connectTimeout(Duration.ofSeconds(5))
			.requestTimeout(Duration.ofSeconds(3));
		if (cluster.authEnabled()) {
			builder.username(cluster.rootUser()).password(cluster.rootPassword());
		}
		return EtcdConnection.connect(builder.build());
	}

}
