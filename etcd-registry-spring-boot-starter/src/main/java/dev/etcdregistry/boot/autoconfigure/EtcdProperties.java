package dev.etcdregistry.boot.autoconfigure;

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

	/** etcd password. Never logged or shown by the actuator. */
	private String password;

	/** Prefix put in front of every key (e.g. /prod) to isolate environments or tenants. */
	private String namespace = "";

	/** How long startup waits for etcd to answer and accept the credentials. */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/** Bound on every single etcd call. */
	private Duration requestTimeout = Duration.ofSeconds(5);

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

	public Config getConfig() {
		return this.config;
	}

	public Registry getRegistry() {
		return this.registry;
	}

	public Discovery getDiscovery() {
		return this.discovery;
	}

	/** The config center: @EtcdConfigValue members and the etcd: config import. */
	public static class Config {

		/** Whether @EtcdConfigValue members are injected and kept current. */
		private boolean enabled = true;

		/** Root of the keys read by spring.config.import=etcd:. */
		private String prefix = "/config";

		/** Context shared by every application, read first (keys under <prefix>/<default-context>/). */
		private String defaultContext = "application";

		/** Joins a context and a profile in key prefixes, as in /config/orders,prod/. */
		private String profileSeparator = ",";

		/** Whether the imported keys are watched and changes applied to the Environment. */
		private boolean watch = true;

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

		/** Host peers connect to; defaults to the first site-local IPv4 address of this machine. */
		private String host;

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

	}

}
