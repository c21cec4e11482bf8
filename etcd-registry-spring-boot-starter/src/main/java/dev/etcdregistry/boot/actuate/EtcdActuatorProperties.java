package dev.etcdregistry.boot.actuate;

import dev.etcdregistry.boot.autoconfigure.SensitiveKeys;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.etcdregistry.boot.autoconfigure.SensitiveKeys;

/**
 * Configuration of the etcd actuator endpoint.
 */
@ConfigurationProperties("etcd.actuator")
public class EtcdActuatorProperties {

	/**
	 * Parts of key names whose values the etcd endpoint shows as ******. Matched anywhere in
	 * the key, ignoring case and the separators '-', '_' and '.'.
	 */
	private List<String> sensitiveKeys = new ArrayList<>(SensitiveKeys.DEFAULT_PATTERNS);

	public List<String> getSensitiveKeys() {
		return this.sensitiveKeys;
	}

	public void setSensitiveKeys(List<String> sensitiveKeys) {
		this.sensitiveKeys = sensitiveKeys;
	}

}
