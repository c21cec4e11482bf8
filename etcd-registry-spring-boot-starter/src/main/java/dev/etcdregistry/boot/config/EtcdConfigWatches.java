package dev.etcdregistry.boot.config;

import java.util.List;

/**
 * What the application watches in etcd for its configuration, for diagnostics (the actuator
 * endpoint lists it). Implemented by the config-center beans; there may be several.
 */
public interface EtcdConfigWatches {

	/** The keys watched by this bean, with where they are used and the revision last applied. */
	List<WatchedKey> watchedKeys();

	/**
	 * One watched key.
	 *
	 * @param key the etcd key (without the namespace)
	 * @param origin who uses it, e.g. {@code @EtcdConfigValue OrderService.limit} or
	 * {@code spring.config.import}
	 * @param revision the etcd revision of the value last applied (0 when the key is absent)
	 * @param value the current value, {@code null} when absent; the actuator masks sensitive ones
	 */
	record WatchedKey(String key, String origin, long revision, String value) {

		@Override
		public String toString() {
			return "WatchedKey{key='" + this.key + "', origin='" + this.origin + "', revision=" + this.revision + "}";
		}

	}

}
