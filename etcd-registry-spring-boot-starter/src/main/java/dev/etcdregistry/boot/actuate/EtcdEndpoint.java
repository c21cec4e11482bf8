package dev.etcdregistry.boot.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.etcdregistry.boot.config.EtcdConfigWatches;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.client.TlsSettings;
import dev.etcdregistry.registry.InstanceOverride;
import dev.etcdregistry.registry.InstanceOverrides;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;

/**
 * {@link Endpoint @Endpoint} that shows how the application uses etcd: where it connects
 * (never the password), the keys its configuration watches with their revisions, its own
 * registrations and lease, and the services it has discovered.
 *
 * <p>Values of watched keys and instance metadata are shown as {@code ******} unless
 * {@code management.endpoint.etcd.show-values} allows them (default {@code never}, as for
 * Boot's {@code env} endpoint), then pass the application's {@link SanitizingFunction}s.
 * Those whose key looks sensitive (see {@code etcd.sensitive-keys}) are always masked.
 * Everything is answered from memory; reading this endpoint makes no etcd call.
 */
@Endpoint(id = "etcd")
public class EtcdEndpoint {

	private final EtcdSettings settings;

	private final ObjectProvider<EtcdConfigWatches> watches;

	private final ObjectProvider<ServiceRegistry> registry;

	private final ObjectProvider<ServiceDiscovery> discovery;

	private final ObjectProvider<InstanceOverrides> overrides;

	private final EtcdValueSanitizer values;

	private final Show showValues;

	/**
	 * Creates the endpoint.
	 * @param settings the connection settings
	 * @param watches every bean that watches configuration keys (there may be none)
	 * @param registry the application's registry, if any
	 * @param discovery the discovery cache, if any
	 * @param overrides the overrides of this application's instances, if followed
	 * @param sensitiveKeyPatterns parts of key names whose values are always masked
	 * @param sanitizingFunctions applied to the other values when they may be shown
	 * @param showValues when values may be shown unsanitized; over HTTP the
	 * {@link EtcdEndpointWebExtension} decides per caller, elsewhere (JMX, a direct call)
	 * {@link Show#WHEN_AUTHORIZED} counts as authorized, as for Boot's {@code env} endpoint
	 */
	public EtcdEndpoint(EtcdSettings settings, ObjectProvider<EtcdConfigWatches> watches,
			ObjectProvider<ServiceRegistry> registry, ObjectProvider<ServiceDiscovery> discovery,
			ObjectProvider<InstanceOverrides> overrides, List<String> sensitiveKeyPatterns,
			Iterable<SanitizingFunction> sanitizingFunctions, Show showValues) {
		this.overrides = overrides;
		this.settings = settings;
		this.watches = watches;
		this.registry = registry;
		this.discovery = discovery;
		this.values = new EtcdValueSanitizer(sensitiveKeyPatterns, sanitizingFunctions);
		this.showValues = showValues;
	}

	/**
	 * Describes the application's use of etcd.
	 * @return the description
	 */
	@ReadOperation
	public EtcdDescriptor etcd() {
		return describe(this.showValues.isShown(true));
	}

	EtcdDescriptor describe(boolean showUnsanitized) {
		return new EtcdDescriptor(connection(), watchedKeys(showUnsanitized), registrations(showUnsanitized),
				overrides(), discovered(showUnsanitized));
	}

	private List<InstanceOverride> overrides() {
		InstanceOverrides follower = (this.overrides != null) ? this.overrides.getIfAvailable() : null;
		return (follower != null) ? follower.current() : null;
	}

	private ConnectionDescriptor connection() {
		return new ConnectionDescriptor(this.settings.endpoints().stream().map(Object::toString).toList(),
				this.settings.namespace(), this.settings.username(), this.settings.connectTimeout().toString(),
				this.settings.requestTimeout().toString(), tlsMode(this.settings.tls()));
	}

	private static String tlsMode(TlsSettings tls) {
		if (tls == null) {
			return "off";
		}
		return tls.presentsClientCertificate() ? "mutual" : "on";
	}

	private List<WatchedKeyDescriptor> watchedKeys(boolean showUnsanitized) {
		return this.watches.orderedStream()
			.flatMap((watches) -> watches.watchedKeys().stream())
			.map((watched) -> new WatchedKeyDescriptor(watched.key(), watched.origin(), watched.revision(),
					this.values.sanitize(watched.key(), watched.value(), showUnsanitized)))
			.toList();
	}

	private RegistrationsDescriptor registrations(boolean showUnsanitized) {
		ServiceRegistry registry = this.registry.getIfAvailable();
		if (registry == null) {
			return null;
		}
		Long leaseId = registry.leaseId().isPresent() ? registry.leaseId().getAsLong() : null;
		return new RegistrationsDescriptor(leaseId, registry.registrations()
			.stream()
			.map((instance) -> instance(instance, showUnsanitized))
			.toList());
	}

	private DiscoveryDescriptor discovered(boolean showUnsanitized) {
		ServiceDiscovery discovery = this.discovery.getIfAvailable();
		if (discovery == null) {
			return null;
		}
		Map<String, List<InstanceDescriptor>> services = new LinkedHashMap<>();
		for (String service : discovery.cachedServices()) {
			services.put(service, discovery.instances(service)
				.stream()
				.map((instance) -> instance(instance, showUnsanitized))
				.toList());
		}
		return new DiscoveryDescriptor(discovery.revision(), services);
	}

	private InstanceDescriptor instance(ServiceInstance instance, boolean showUnsanitized) {
		return new InstanceDescriptor(instance.serviceName(), instance.instanceId(), instance.host(), instance.port(),
				instance.secure(), instance.uri().toString(), this.values.sanitize(instance.metadata(), showUnsanitized));
	}

	/**
	 * What the endpoint answers.
	 *
	 * @param connection where the application connects
	 * @param watchedKeys the keys its configuration watches
	 * @param registrations its own registrations, {@code null} without a registry
	 * @param overrides operators' overrides in force on its own instances (for example
	 * {@code OUT_OF_SERVICE}), {@code null} when not followed
	 * @param discovery the discovered services, {@code null} without discovery
	 */
	public record EtcdDescriptor(ConnectionDescriptor connection, List<WatchedKeyDescriptor> watchedKeys,
			RegistrationsDescriptor registrations, List<InstanceOverride> overrides, DiscoveryDescriptor discovery)
			implements OperationResponseBody {
	}

	/**
	 * Where and how the application connects; never the password.
	 *
	 * @param endpoints the member URLs
	 * @param namespace the key prefix, empty for none
	 * @param username the etcd user, {@code null} without authentication
	 * @param connectTimeout the connect timeout (ISO-8601)
	 * @param requestTimeout the bound on each call (ISO-8601)
	 * @param tls {@code off}, {@code on} (the server is verified) or {@code mutual} (this client
	 * presents a certificate too)
	 */
	public record ConnectionDescriptor(List<String> endpoints, String namespace, String username,
			String connectTimeout, String requestTimeout, String tls) {
	}

	/**
	 * A watched configuration key.
	 *
	 * @param key the key, without the namespace
	 * @param origin who uses it
	 * @param revision the revision of the value last applied
	 * @param value the value, sanitized (see the class description)
	 */
	public record WatchedKeyDescriptor(String key, String origin, long revision, String value) {
	}

	/**
	 * The application's registrations.
	 *
	 * @param leaseId the lease they are attached to, {@code null} while there is none
	 * @param instances the registered instances
	 */
	public record RegistrationsDescriptor(Long leaseId, List<InstanceDescriptor> instances) {
	}

	/**
	 * The discovery cache.
	 *
	 * @param revision the etcd revision the cache is at
	 * @param services the instances of each service, by service name
	 */
	public record DiscoveryDescriptor(long revision, Map<String, List<InstanceDescriptor>> services) {
	}

	/**
	 * One service instance.
	 *
	 * @param serviceName the service
	 * @param instanceId the instance
	 * @param host the host peers connect to
	 * @param port the port peers connect to
	 * @param secure whether peers use TLS
	 * @param uri {@code http(s)://host:port}
	 * @param metadata the metadata, values sanitized as watched keys' values are
	 */
	public record InstanceDescriptor(String serviceName, String instanceId, String host, int port, boolean secure,
			String uri, Map<String, String> metadata) {
	}

}
