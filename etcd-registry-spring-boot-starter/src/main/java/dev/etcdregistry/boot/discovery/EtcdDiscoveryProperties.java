package dev.etcdregistry.boot.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the discovery cache of the instances under /services/ and of the Spring
 * Cloud LoadBalancer it feeds (etcd.discovery.*).
 */
@ConfigurationProperties(EtcdDiscoveryProperties.PREFIX)
public class EtcdDiscoveryProperties {

	/** The prefix of these properties. */
	public static final String PREFIX = "etcd.discovery";

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
	private List<String> services = new ArrayList<>();

	/** Spring Cloud LoadBalancer fed by the discovery watch. */
	private final LoadBalancer loadBalancer = new LoadBalancer();

	public String getMode() {
		return this.mode;
	}

	public void setMode(String mode) {
		this.mode = mode;
	}

	public List<String> getServices() {
		return this.services;
	}

	public void setServices(List<String> services) {
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
