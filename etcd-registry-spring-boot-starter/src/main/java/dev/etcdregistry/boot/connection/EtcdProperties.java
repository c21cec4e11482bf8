package dev.etcdregistry.boot.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the etcd connection (etcd.*): endpoints, credentials, TLS, namespace, timeouts
 * and fail-fast. The features have their own: {@code EtcdConfigProperties} (etcd.config.*),
 * {@code EtcdRegistryProperties} (etcd.registry.*), {@code EtcdDiscoveryProperties}
 * (etcd.discovery.*).
 */
@ConfigurationProperties("etcd")
public class EtcdProperties {

	/** Whether to connect to etcd at all. */
	private boolean enabled = true;

	/** Client URLs of the etcd members, e.g. http://10.0.0.1:2379 (several for a cluster). */
	private List<String> endpoints = new ArrayList<>(List.of("http://127.0.0.1:2379"));

	/** etcd user; leave empty when etcd runs without authentication. */
	private String username;

	/**
	 * etcd password. Never logged or shown by the actuator. Prefer the ETCD_PASSWORD
	 * environment variable or etcd.password-file to a value in a committed file.
	 */
	private String password;

	/**
	 * File holding the etcd password (e.g. a mounted Kubernetes or Docker secret); one trailing
	 * newline is dropped. Use instead of etcd.password, not with it.
	 */
	private String passwordFile;

	/** Prefix put in front of every key (e.g. /prod) to isolate environments or tenants. */
	private String namespace = "";

	/** How long startup waits for etcd to answer and accept the credentials. */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * Parts of key names whose values are masked (as ******) in logs, events and the etcd
	 * actuator endpoint. Matched anywhere in the key, ignoring case and '-', '_' and '.'.
	 */
	private List<String> sensitiveKeys = new ArrayList<>(SensitiveKeys.DEFAULT_PATTERNS);

	/**
	 * Whether startup fails when etcd does not answer within connect-timeout. With false, the
	 * application starts while etcd is unreachable (a wrong password, bad URL or TLS error still
	 * stops it): registration, discovery and config watches start in the background and catch
	 * up when etcd answers, and config comes from the local snapshot (etcd.config.snapshot.*).
	 */
	private boolean failFast = true;

	/** Bound on every single etcd call. */
	private Duration requestTimeout = Duration.ofSeconds(5);

	/**
	 * Whether to open the connection on a background thread as soon as the configuration is
	 * known, so that its cold-start cost overlaps with the rest of the startup. Failures are
	 * reported exactly as without it.
	 */
	private boolean connectInBackground = true;

	private final Tls tls = new Tls();

	private final Ssl ssl = new Ssl();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getEndpoints() {
		return this.endpoints;
	}

	public void setEndpoints(List<String> endpoints) {
		this.endpoints = endpoints;
	}

	public String getUsername() {
		return this.username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getPassword() {
		return this.password;
	}

	public void setPassword(String password) {
		this.password = password;
	}

	public String getPasswordFile() {
		return this.passwordFile;
	}

	public void setPasswordFile(String passwordFile) {
		this.passwordFile = passwordFile;
	}

	public Tls getTls() {
		return this.tls;
	}

	public Ssl getSsl() {
		return this.ssl;
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

	public boolean isFailFast() {
		return this.failFast;
	}

	public void setFailFast(boolean failFast) {
		this.failFast = failFast;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public boolean isConnectInBackground() {
		return this.connectInBackground;
	}

	public void setConnectInBackground(boolean connectInBackground) {
		this.connectInBackground = connectInBackground;
	}

	public List<String> getSensitiveKeys() {
		return this.sensitiveKeys;
	}

	public void setSensitiveKeys(List<String> sensitiveKeys) {
		this.sensitiveKeys = sensitiveKeys;
	}

	/**
	 * TLS to etcd, used with https:// endpoints. Without any of these, https:// endpoints are
	 * checked against the JVM's default trust store. Paths are file system paths.
	 */
	public static class Tls {

		/** PEM file of the CA certificate(s) that signed etcd's server certificate. */
		private String caFile;

		/** PEM file of this client's certificate (chain), for etcd's --client-cert-auth. */
		private String certFile;

		/** PKCS#8 PEM file of this client's private key; goes with cert-file. */
		private String keyFile;

		/** Password of an encrypted key-file. Never logged. */
		private String keyPassword;

		/** Java key store holding this client's certificate and key, instead of cert-file/key-file. */
		private String keyStore;

		/** Password of the key store and of the key in it. Never logged. */
		private String keyStorePassword;

		/** Type of the key store. */
		private String keyStoreType = "PKCS12";

		/** Java trust store holding the CA certificate(s) to trust, instead of ca-file. */
		private String trustStore;

		/** Password of the trust store. Never logged. */
		private String trustStorePassword;

		/** Type of the trust store. */
		private String trustStoreType = "PKCS12";

		/**
		 * Host name expected in etcd's certificate; defaults to the host of the first endpoint.
		 * Set it when etcd is addressed by IP address but its certificate names a host.
		 */
		private String authority;

		public String getCaFile() {
			return this.caFile;
		}

		public void setCaFile(String caFile) {
			this.caFile = caFile;
		}

		public String getCertFile() {
			return this.certFile;
		}

		public void setCertFile(String certFile) {
			this.certFile = certFile;
		}

		public String getKeyFile() {
			return this.keyFile;
		}

		public void setKeyFile(String keyFile) {
			this.keyFile = keyFile;
		}

		public String getKeyPassword() {
			return this.keyPassword;
		}

		public void setKeyPassword(String keyPassword) {
			this.keyPassword = keyPassword;
		}

		public String getKeyStore() {
			return this.keyStore;
		}

		public void setKeyStore(String keyStore) {
			this.keyStore = keyStore;
		}

		public String getKeyStorePassword() {
			return this.keyStorePassword;
		}

		public void setKeyStorePassword(String keyStorePassword) {
			this.keyStorePassword = keyStorePassword;
		}

		public String getKeyStoreType() {
			return this.keyStoreType;
		}

		public void setKeyStoreType(String keyStoreType) {
			this.keyStoreType = keyStoreType;
		}

		public String getTrustStore() {
			return this.trustStore;
		}

		public void setTrustStore(String trustStore) {
			this.trustStore = trustStore;
		}

		public String getTrustStorePassword() {
			return this.trustStorePassword;
		}

		public void setTrustStorePassword(String trustStorePassword) {
			this.trustStorePassword = trustStorePassword;
		}

		public String getTrustStoreType() {
			return this.trustStoreType;
		}

		public void setTrustStoreType(String trustStoreType) {
			this.trustStoreType = trustStoreType;
		}

		public String getAuthority() {
			return this.authority;
		}

		public void setAuthority(String authority) {
			this.authority = authority;
		}

		boolean isConfigured() {
			return this.caFile != null || this.certFile != null || this.keyFile != null || this.keyStore != null
					|| this.trustStore != null || this.authority != null;
		}

	}

	/**
	 * TLS to etcd from a Spring Boot SSL bundle (spring.ssl.bundle.*), instead of the etcd.tls.*
	 * files.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.pem.<name> or .jks.<name>) holding the CA to
		 * trust and, for etcd's --client-cert-auth, the client certificate. With reload-on-update,
		 * a renewed certificate is used without a restart (spring.config.import=etcd: reads the same
		 * bundle's properties once). Do not combine with etcd.tls.*.
		 */
		private String bundle;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

	}

}
