package dev.etcdregistry.boot.actuate;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code etcd} actuator endpoint, under Boot's
 * {@code management.endpoint.<id>} namespace and with the same meaning as
 * {@code management.endpoint.env.show-values} and {@code management.endpoint.env.roles}.
 */
@ConfigurationProperties("management.endpoint.etcd")
public class EtcdEndpointProperties {

	/**
	 * When to show the values of watched configuration keys and of instance metadata
	 * unsanitized. Values whose key matches etcd.sensitive-keys stay masked even with always.
	 */
	private Show showValues = Show.NEVER;

	/**
	 * Roles used to determine whether a user is authorized to be shown unsanitized values
	 * (with show-values=when-authorized). When empty, all authenticated users are authorized.
	 */
	private final Set<String> roles = new LinkedHashSet<>();

	public Show getShowValues() {
		return this.showValues;
	}

	public void setShowValues(Show showValues) {
		this.showValues = showValues;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

}
