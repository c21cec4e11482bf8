package dev.etcdregistry.boot.registry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of this application's registration under /services/ (etcd.registry.*).
 */
@ConfigurationProperties(EtcdRegistryProperties.PREFIX)
public class EtcdRegistryProperties {

	/** The prefix of these properties. */
	public static final String PREFIX = "etcd.registry";

	/** Whether the ServiceRegistry bean is created. */
	private boolean enabled = true;

	/**
	 * Whether this application registers itself on startup: auto registers when a bean class
	 * carries @RegisterService (unless spring.cloud.service-registry.auto-registration.enabled
	 * is false); on registers even without it (true means the same); off never registers,
	 * e.g. locally or in tests (false means the same). The other registry properties, when
	 * set, win over the annotation's attributes.
	 */
	private Register register = Register.AUTO;

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

	/** Operators' overrides of this application's instances. */
	private final Overrides overrides = new Overrides();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Register getRegister() {
		return this.register;
	}

	public void setRegister(Register register) {
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

	public Overrides getOverrides() {
		return this.overrides;
	}

	/**
	 * Operators' overrides of this application's instances, written under
	 * /service-overrides/<service>/<instance-id> (e.g. by the console to take an instance out of
	 * service).
	 */
	public static class Overrides {

		/**
		 * Whether the overrides are followed: an event when one is set or deleted, shown in the
		 * etcd actuator endpoint, and written again under the new lease when the instance
		 * registers again.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Whether the application registers itself. The values are on and off rather than true and
	 * false so that the third one, auto, fits; Spring Boot's binder reads true as on and false as
	 * off, so settings written before keep working.
	 */
	public enum Register {

		/** Register when a bean class carries @RegisterService. */
		AUTO,

		/** Register, with or without @RegisterService. */
		ON,

		/** Never register. */
		OFF

	}

}
