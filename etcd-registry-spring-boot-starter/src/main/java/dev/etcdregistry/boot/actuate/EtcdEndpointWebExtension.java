package dev.etcdregistry.boot.actuate;

import java.util.Set;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

import dev.etcdregistry.boot.actuate.EtcdEndpoint.EtcdDescriptor;

/**
 * The {@code etcd} endpoint over HTTP: values are shown unsanitized only when
 * {@code management.endpoint.etcd.show-values} allows it for the caller, as Boot's
 * {@code env} endpoint does ({@code when-authorized}: an authenticated principal holding one
 * of {@code management.endpoint.etcd.roles}, or any authenticated principal without roles).
 */
@EndpointWebExtension(endpoint = EtcdEndpoint.class)
public class EtcdEndpointWebExtension {

	private final EtcdEndpoint delegate;

	private final Show showValues;

	private final Set<String> roles;

	/**
	 * Creates the extension.
	 * @param delegate the endpoint
	 * @param showValues when to show unsanitized values
	 * @param roles the roles allowed to see them with {@link Show#WHEN_AUTHORIZED}
	 */
	public EtcdEndpointWebExtension(EtcdEndpoint delegate, Show showValues, Set<String> roles) {
		this.delegate = delegate;
		this.showValues = showValues;
		this.roles = Set.copyOf(roles);
	}

	/**
	 * Describes the application's use of etcd for the caller.
	 * @param securityContext who asks
	 * @return the description, values sanitized unless the caller may see them
	 */
	@ReadOperation
	public EtcdDescriptor etcd(SecurityContext securityContext) {
		return this.delegate.describe(this.showValues.isShown(securityContext, this.roles));
	}

}
