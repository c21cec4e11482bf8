package dev.etcdregistry.boot.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the etcd connection and of the config-center and registry features.
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

	private final Config config = new Config();

	private final Registry registry = new Registry();

	private final Discovery discovery = new Discovery();

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

	public Config getConfig() {
		return this.config;
	}

	public Registry getRegistry() {
		return this.registry;
	}

	public Discovery getDiscovery() {
		return this.discovery;
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
		 * a renewed certificate is used without a restart. Not used by spring.config.import=etcd:,
		 * which connects before bundles exist. Do not combine with etcd.tls.*.
		 */
		private String bundle;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

	}

	/** The config center: @EtcdConfigValue members and the etcd: config import. */
	public static class Config {

		/** Whether @EtcdConfigValue members are injected and kept current. */
		private boolean enabled = true;

		/** Root of the keys read by spring.config.import=etcd:. */
		private String prefix = "/config";

		/** Context shared by every application, read first (keys under <prefix>/<default-context>/). */
		private String defaultContext = "application";

		/**
		 * Extra contexts every application listing them reads (keys under
		 * <prefix>/<context>/), as Nacos's shared configs: above the default context and below
		 * the application's own, a later one winning over an earlier one.
		 */
		private List<String> sharedContexts = new ArrayList<>();

		/** Joins a context and a profile in key prefixes, as in /config/orders,prod/. */
		private String profileSeparator = ",";

		/** Whether the imported keys are watched and changes applied to the Environment. */
		private boolean watch = true;

		/**
		 * Whether an etcd change to imported properties refreshes Spring Cloud's @RefreshScope
		 * beans (when Spring Cloud Context is present), as a refresh through /actuator/refresh
		 * would.
		 */
		private boolean refreshOnChange = true;

		/**
		 * Whether @Value("${...}") fields and setter methods of singleton beans are injected
		 * again, in place, when an imported property they use changes.
		 */
		private boolean updateValuePlaceholders = true;

		private final Snapshot snapshot = new Snapshot();

		public Snapshot getSnapshot() {
			return this.snapshot;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

		public String getDefaultContext() {
			return this.defaultContext;
		}

		public void setDefaultContext(String defaultContext) {
			this.defaultContext = defaultContext;
		}

		public List<String> getSharedContexts() {
			return this.sharedContexts;
		}

		public void setSharedContexts(List<String> sharedContexts) {
			this.sharedContexts = sharedContexts;
		}

		public String getProfileSeparator() {
			return this.profileSeparator;
		}

		public void setProfileSeparator(String profileSeparator) {
			this.profileSeparator = profileSeparator;
		}

		public boolean isWatch() {
			return this.watch;
		}

		public void setWatch(boolean watch) {
			this.watch = watch;
		}

		public boolean isRefreshOnChange() {
			return this.refreshOnChange;
		}

		public void setRefreshOnChange(boolean refreshOnChange) {
			this.refreshOnChange = refreshOnChange;
		}

		public boolean isUpdateValuePlaceholders() {
			return this.updateValuePlaceholders;
		}

		public void setUpdateValuePlaceholders(boolean updateValuePlaceholders) {
			this.updateValuePlaceholders = updateValuePlaceholders;
		}

	}

	/**
	 * A local copy of the config this application uses from etcd (the etcd: import and the
	 * @EtcdConfigValue keys), to start from when etcd is down and etcd.fail-fast is false.
	 */
	public static class Snapshot {

		/**
		 * Whether to keep the snapshot file. It is rewritten (atomically, readable by the owner
		 * only) whenever a change is applied, and used only when etcd is unreachable at startup.
		 */
		private boolean enabled = false;

		/**
		 * The snapshot file; defaults to
		 * .etcd-registry/<spring.application.name>-config-snapshot.json under the working
		 * directory ("application" when the name is not set).
		 */
		private String path;

		/**
		 * Whether values of keys matching etcd.sensitive-keys are written too. By default they are
		 * left out: the application then starts without them when etcd is down.
		 */
		private boolean includeSensitive = false;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public boolean isIncludeSensitive() {
			return this.includeSensitive;
		}

		public void setIncludeSensitive(boolean includeSensitive) {
			this.includeSensitive = includeSensitive;
		}

	}

	/** Registration of this application under /services/. */
	public static class Registry {

		/** Whether the ServiceRegistry bean is created. */
		private boolean enabled = true;

		/**
		 * Whether this application registers itself on startup. When unset, it registers if a
		 * bean class carries @RegisterService; false switches that off (e.g. locally or in
		 * tests). The other registry properties, when set, win over the annotation's attributes.
		 */
		private Boolean register;

		/** Service name; defaults to @RegisterService(name), then spring.application.name. */
		private String serviceName;

		/**
		 * Instance id; defaults to @RegisterService(instanceId), then to
		 * service-host-port-random, unique and fixed for the life of the process.
		 */
		private String instanceId;

		/**
		 * Host peers connect to. Defaults to server.address when set and not a wildcard, else to
		 * what Spring Cloud's InetUtils finds (spring.cloud.inetutils.*) when Spring Cloud Commons
		 * is present, else to the first site-local IPv4 address of this machine.
		 */
		private String host;

		/** Whether the detected IP address is registered (true) or its host name (false). */
		private boolean preferIpAddress = true;

		/**
		 * Port peers connect to; defaults to @RegisterService(port), then to the web server's
		 * actual port (0 means the same). Required when the application has no web server.
		 */
		private Integer port;

		/** Whether peers should use https. */
		private boolean secure;

		/** Metadata stored with the instance, merged over @RegisterService(metadata). */
		private Map<String, String> metadata = new LinkedHashMap<>();

		/** Lease time to live: how long after a crash peers still see this instance. */
		private Duration ttl = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Boolean getRegister() {
			return this.register;
		}

		public void setRegister(Boolean register) {
			this.register = register;
		}

		public String getServiceName() {
			return this.serviceName;
		}

		public void setServiceName(String serviceName) {
			this.serviceName = serviceName;
		}

		public String getInstanceId() {
			return this.instanceId;
		}

		public void setInstanceId(String instanceId) {
			this.instanceId = instanceId;
		}

		public String getHost() {
			return this.host;
		}

		public void setHost(String host) {
			this.host = host;
		}

		public boolean isPreferIpAddress() {
			return this.preferIpAddress;
		}

		public void setPreferIpAddress(boolean preferIpAddress) {
			this.preferIpAddress = preferIpAddress;
		}

		public Integer getPort() {
			return this.port;
		}

		public void setPort(Integer port) {
			this.port = port;
		}

		public boolean isSecure() {
			return this.secure;
		}

		public void setSecure(boolean secure) {
			this.secure = secure;
		}

		public Map<String, String> getMetadata() {
			return this.metadata;
		}

		public void setMetadata(Map<String, String> metadata) {
			this.metadata = metadata;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

	}

	/** The discovery cache of every instance under /services/. */
	public static class Discovery {

		/** Whether the ServiceDiscovery bean (and the Spring Cloud DiscoveryClient) is created. */
		private boolean enabled = true;

		/** Order of the Spring Cloud DiscoveryClient among several (lower comes first). */
		private int order = 0;

		/**
		 * After etcd was wiped or restored, how long a service that a re-read finds emptied or
		 * halved keeps the instances that vanished, unless they are written again or deleted
		 * first (running instances write themselves back meanwhile). Defaults to
		 * etcd.registry.ttl; 0 switches this off.
		 */
		private Duration wipeHold;

		/**
		 * What discovery holds: "subscribed" (only the services this application looks up,
		 * each read once on its first lookup and watched on its own prefix; getServices() is then
		 * keys-only reads) or "all" (every instance under /services/, one prefix watch; for
		 * gateways and consoles, which list or call every service).
		 */
		private String mode = "subscribed";

		/** With mode=subscribed, services to subscribe to at startup (ready before the first call). */
		private java.util.List<String> services = new java.util.ArrayList<>();

		/** Spring Cloud LoadBalancer fed by the discovery watch. */
		private final LoadBalancer loadBalancer = new LoadBalancer();

		public String getMode() {
			return this.mode;
		}

		public void setMode(String mode) {
			this.mode = mode;
		}

		public java.util.List<String> getServices() {
			return this.services;
		}

		public void setServices(java.util.List<String> services) {
			this.services = services;
		}

		public Duration getWipeHold() {
			return this.wipeHold;
		}

		public void setWipeHold(Duration wipeHold) {
			this.wipeHold = wipeHold;
		}

		public LoadBalancer getLoadBalancer() {
			return this.loadBalancer;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getOrder() {
			return this.order;
		}

		public void setOrder(int order) {
			this.order = order;
		}

		/**
		 * How Spring Cloud LoadBalancer gets its instance lists when it is on the class path:
		 * from the discovery watch, emitted on every change, with no time-to-live cache.
		 */
		public static class LoadBalancer {

			/**
			 * Whether every load-balanced service's instance list comes from the discovery watch
			 * instead of LoadBalancer's default supplier (which caches lists for 35 s, so calls
			 * keep going to stopped instances).
			 */
			private boolean enabled = true;

			/**
			 * Whether calls prefer instances whose "zone" metadata is this application's zone
			 * (spring.cloud.loadbalancer.zone, else etcd.registry.metadata.zone), when it has one.
			 */
			private boolean zonePreference = true;

			/**
			 * Whether calls are spread in proportion to each instance's "weight" metadata (a
			 * positive integer, 1 when absent) instead of in turn.
			 */
			private boolean weighted;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public boolean isZonePreference() {
				return this.zonePreference;
			}

			public void setZonePreference(boolean zonePreference) {
				this.zonePreference = zonePreference;
			}

			public boolean isWeighted() {
				return this.weighted;
			}

			public void setWeighted(boolean weighted) {
				this.weighted = weighted;
			}

		}

	}

}
