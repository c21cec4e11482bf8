package dev.etcdregistry.samples.demo;

import java.util.List;

import dev.etcdregistry.test.EtcdCluster;

/**
 * The etcd the demo runs against: the one configured through {@code etcd.endpoints} (system
 * property) or {@code ETCD_ENDPOINTS}, whose user and password the apps take from
 * {@code ETCD_USERNAME} / {@code ETCD_PASSWORD} or the docker-compose defaults; else a local
 * throw-away etcd started through the test kit (the {@code etcd} binary, or Docker) — a
 * development convenience, not how to run etcd for real.
 */
final class DemoEtcd implements AutoCloseable {

	private final EtcdCluster local;

	private final List<String> arguments;

	private final String description;

	private DemoEtcd(EtcdCluster local, List<String> arguments, String description) {
		this.local = local;
		this.arguments = arguments;
		this.description = description;
	}

	static DemoEtcd resolve() {
		String property = System.getProperty("etcd.endpoints");
		String environment = System.getenv("ETCD_ENDPOINTS");
		if (hasText(property)) {
			return new DemoEtcd(null, List.of(), "etcd at " + property + " (-Detcd.endpoints)");
		}
		if (hasText(environment)) {
			return new DemoEtcd(null, List.of(), "etcd at " + environment + " (ETCD_ENDPOINTS)");
		}
		EtcdCluster local = EtcdCluster.builder().build().start();
		// no auth on the local etcd: clear the docker-compose credentials of application.properties
		return new DemoEtcd(local, List.of("--etcd.endpoints=" + local.endpointsAsString(), "--etcd.username=",
				"--etcd.password="), "a local etcd started for this demo at " + local.endpointsAsString()
						+ " (no ETCD_ENDPOINTS set)");
	}

	/** Command-line arguments that point an app at this etcd (empty when configured outside). */
	List<String> arguments() {
		return this.arguments;
	}

	/** The endpoints, for a process that is not a sample app (the web console). */
	String endpoints() {
		if (this.local != null) {
			return this.local.endpointsAsString();
		}
		String property = System.getProperty("etcd.endpoints");
		return hasText(property) ? property : System.getenv("ETCD_ENDPOINTS");
	}

	String description() {
		return this.description;
	}

	@Override
	public void close() {
		if (this.local != null) {
			this.local.close();
		}
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
