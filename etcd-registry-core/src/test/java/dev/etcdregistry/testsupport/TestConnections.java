package dev.etcdregistry.testsupport;

import java.time.Duration;
import java.util.List;
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
		return settings(cluster, cluster.endpoints(), namespace).requestTimeout(Duration.ofSeconds(5));
	}

	public static EtcdConnection connect(EtcdCluster cluster, String namespace) {
		return EtcdConnection.connect(settings(cluster, namespace).build());
	}

	/** A connection that goes through {@code proxy} (so the test can cut it off). */
	public static EtcdConnection connectThrough(TcpProxy proxy, EtcdCluster cluster, String namespace) {
		return EtcdConnection.connect(settings(cluster, List.of(proxy.endpoint()), namespace)
			.requestTimeout(Duration.ofSeconds(3))
			.build());
	}

	/** Settings for {@code endpoint} only (a proxy in front of {@code cluster}). */
	public static EtcdSettings.Builder settingsThrough(String endpoint, EtcdCluster cluster, String namespace) {
		return settings(cluster, List.of(endpoint), namespace);
	}

	/** A connection to {@code endpoint} (a proxy in front of {@code cluster}). */
	public static EtcdConnection connectThrough(String endpoint, EtcdCluster cluster, String namespace) {
		return EtcdConnection.connect(settings(cluster, List.of(endpoint), namespace)
			.requestTimeout(Duration.ofSeconds(3))
			.build());
	}

	private static EtcdSettings.Builder settings(EtcdCluster cluster, List<String> endpoints, String namespace) {
		EtcdSettings.Builder builder = EtcdSettings.builder()
			.endpoints(endpoints)
			.namespace(namespace)
			.connectTimeout(Duration.ofSeconds(5));
		if (cluster.authEnabled()) {
			builder.username(cluster.rootUser()).password(cluster.rootPassword());
		}
		return builder;
	}

}
