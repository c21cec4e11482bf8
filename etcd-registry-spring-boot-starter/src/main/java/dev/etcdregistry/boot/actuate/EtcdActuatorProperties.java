package dev.etcdregistry.boot.actuate;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code etcd} actuator endpoint.
 */
@ConfigurationProperties("etcd.actuator")
public class EtcdActuatorProperties {

	/**
	 * Parts of key names whose values the etcd endpoint shows as ******. Matched anywhere in
	 * the key, ignoring case and the separators '-', '_' and '.'.
	 */
	private List<String> sensitiveKeys = new ArrayList<>(
			List.of("password", "secret", "token", "credential", "private-key", "api-key"));

	public List<String> getSensitiveKeys() {
		return this.sensitiveKeys;
	}

	public void setSensitiveKeys(List<String> sensitiveKeys) {
		this.sensitiveKeys = sensitiveKeys;
	}

}
