package dev.etcdregistry.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the console finds etcd and how it lays out keys. The user name and password are not
 * here: each person signs in with their own etcd user.
 */
@ConfigurationProperties("etcd")
public class ConsoleProperties {

	/** etcd endpoints, e.g. http://127.0.0.1:2379. */
	private List<String> endpoints = new ArrayList<>(List.of("http://127.0.0.1:2379"));

	/** Prefix in front of every key, isolating tenants or environments; empty for none. */
	private String namespace = "";

	/** How long signing in waits for etcd. */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/** Bound on every single etcd call. */
	private Duration requestTimeout = Duration.ofSeconds(5);

	/**
	 * Parts of key names whose values are masked until revealed on purpose. Matched anywhere
	 * in the key, ignoring case and '-', '_' and '.'.
	 */
	private List<String> sensitiveKeys = new ArrayList<>(
			List.of("password", "secret", "token", "credential", "private-key", "api-key"));

	private final Config config = new Config();

	public List<String> getEndpoints() {
		return this.endpoints;
	}

	public void setEndpoints(List<String> endpoints) {
		this.endpoints = endpoints;
	}

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public List<String> getSensitiveKeys() {
		return this.sensitiveKeys;
	}

	public void setSensitiveKeys(List<String> sensitiveKeys) {
		this.sensitiveKeys = sensitiveKeys;
	}

	public Config getConfig() {
		return this.config;
	}

	/** The config center's key layout, as the starter reads it. */
	public static class Config {

		/** Root of the config contexts (keys under <prefix>/<context>/). */
		private String prefix = "/config";

		/** Where the console writes one audit record per publish or rollback. */
		private String auditPrefix = "/console-audit/";

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

		public String getAuditPrefix() {
			return this.auditPrefix;
		}

		public void setAuditPrefix(String auditPrefix) {
			this.auditPrefix = auditPrefix;
		}

	}

}
