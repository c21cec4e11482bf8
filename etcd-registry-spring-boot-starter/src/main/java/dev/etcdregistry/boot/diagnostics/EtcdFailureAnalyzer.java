package dev.etcdregistry.boot.diagnostics;

import java.util.List;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

import dev.etcdregistry.EtcdRegistryException;

/**
 * Explains an {@link EtcdRegistryException} that stopped the application from starting:
 * which {@code etcd.*} property to fix and how to check etcd from the command line. The
 * password is never part of the analysis.
 */
class EtcdFailureAnalyzer extends AbstractFailureAnalyzer<EtcdRegistryException> {

	private static final String DEFAULT_ENDPOINT = "http://127.0.0.1:2379";

	private final Environment environment;

	/**
	 * @param environment the application's; {@code null} when the failure happened before the
	 * context existed (in the spring.config.import=etcd: import), and Boot still asks us
	 */
	EtcdFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EtcdRegistryException cause) {
		String action = action(cause);
		if (action == null) {
			return null;
		}
		return new FailureAnalysis(withoutPassword(cause.getMessage()), withoutPassword(action), cause);
	}

	private String action(EtcdRegistryException cause) {
		String health = "etcdctl --endpoints=" + endpoints() + " endpoint health";
		return switch (cause.reason()) {
			case UNREACHABLE, TIMEOUT -> "Check that etcd runs and is reachable from this machine ('" + health
					+ "'), then set 'etcd.endpoints' to its client URLs (http://host:2379, or https:// when etcd "
					+ "uses TLS). If etcd is only slow, raise 'etcd.connect-timeout' or 'etcd.request-timeout'. To start "
					+ "while etcd is down and catch up when it answers, set 'etcd.fail-fast=false' (with "
					+ "'etcd.config.snapshot.enabled=true' to start from the config of the last run).";
			case AUTHENTICATION_FAILED -> "Set 'etcd.username' and 'etcd.password' to a user etcd knows. Check them "
					+ "with '" + health + " --user=<user>' (etcdctl asks for the password); "
					+ "'etcdctl user list' shows the users.";
			case PERMISSION_DENIED -> "Grant the role of the user in 'etcd.username' read/write permission on the "
					+ "keys named above (etcdctl role grant-permission <role> readwrite <prefix> --prefix), or "
					+ "set 'etcd.namespace' to a prefix the user may use.";
			case TLS_FAILED -> (cause.getMessage() != null && cause.getMessage().contains("etcd.ssl.bundle"))
					? "Fix the SSL bundle named by 'etcd.ssl.bundle' (its spring.ssl.bundle.* properties) so that it "
							+ "matches etcd's TLS flags (--cert-file, --trusted-ca-file, --client-cert-auth)."
					: "Fix the 'etcd.tls.*' property named above so that it matches etcd's TLS flags "
					+ "(--cert-file, --trusted-ca-file, --client-cert-auth); '" + health + " --cacert=<ca> --cert=<cert> "
					+ "--key=<key>' checks the same files.";
			case INVALID_ARGUMENT -> "Fix " + propertyOf(cause.getMessage()) + " as described above.";
			default -> null;
		};
	}

	private static String propertyOf(String message) {
		String text = (message != null) ? message : "";
		if (text.contains("endpoint")) {
			return "'etcd.endpoints' (URLs like http://127.0.0.1:2379, comma-separated for a cluster)";
		}
		if (text.contains("etcd.tls.") || text.contains("etcd.password-file") || text.contains("etcd.ssl.bundle")) {
			return "the property named above";
		}
		if (text.contains("namespace")) {
			return "'etcd.namespace'";
		}
		if (text.contains("password is set but no user name")) {
			return "'etcd.username' (set it together with 'etcd.password')";
		}
		if (text.contains("service name")) {
			return "'etcd.registry.service-name' (or spring.application.name)";
		}
		if (text.contains("instance id")) {
			return "'etcd.registry.instance-id'";
		}
		if (text.startsWith("Host '")) {
			return "'etcd.registry.host'";
		}
		if (text.startsWith("Port ")) {
			return "'etcd.registry.port'";
		}
		if (text.contains("connect timeout")) {
			return "'etcd.connect-timeout'";
		}
		if (text.contains("request timeout")) {
			return "'etcd.request-timeout'";
		}
		return "the etcd setting or value";
	}

	private String endpoints() {
		String endpoints;
		if (this.environment == null) {
			endpoints = "<etcd.endpoints>";
		}
		else if (this.environment instanceof ConfigurableEnvironment configurable) {
			// also finds endpoints given as a YAML list
			endpoints = String.join(",", Binder.get(configurable)
				.bind("etcd.endpoints", Bindable.listOf(String.class))
				.orElse(List.of(DEFAULT_ENDPOINT)));
		}
		else {
			endpoints = this.environment.getProperty("etcd.endpoints", DEFAULT_ENDPOINT);
		}
		// user info may hold a password
		return endpoints.replaceAll("//[^/@,]*@", "//");
	}

	private String withoutPassword(String text) {
		// without an Environment (import failures) there is no password to hide: messages never hold it
		String password = (this.environment != null) ? this.environment.getProperty("etcd.password") : null;
		if (text == null || password == null || password.isEmpty()) {
			return text;
		}
		return text.replace(password, "******");
	}

}
