package dev.etcdregistry.boot.actuate;

import dev.etcdregistry.boot.connection.SensitiveKeys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
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
 * <p>Values of watched keys and instance metadata whose key looks sensitive (see
 * {@code etcd.sensitive-keys}) are shown as {@code ******}. Everything is
 * answered from memory; reading this endpoint makes no etcd call.
 */
@Endpoint(id = "etcd")
public class EtcdEndpoint {

	private final EtcdSettings settings;

	private final ObjectProvider<EtcdConfigWatches> watches;

	private final ObjectProvider<ServiceRegistry> registry;

	private final ObjectProvider<ServiceDiscovery> discovery;

	private final SensitiveKeys sensitiveKeys;

	private final ObjectProvider<InstanceOverrides> overrides;

	/**
	 * Creates the endpoint.
	 * @param settings the connection settings
	 * @param watches every bean that watches configuration keys (there may be none)
	 * @param registry the application's registry, if any
	 * @param discovery the discovery cache, if any
	 * @param sensitiveKeyPatterns parts of key names whose values are masked
	 */
	public EtcdEndpoint(EtcdSettings settings, ObjectProvider<EtcdConfigWatches> watches,
			ObjectProvider<ServiceRegistry> registry, ObjectProvider<ServiceDiscovery> discovery,
			List<String> sensitiveKeyPatterns) {
		this(settings, watches, registry, discovery, null, sensitiveKeyPatterns);
	}

	/**
	 * Creates the endpoint, also showing operators' overrides of this application's instances.
	 * @param settings the connection settings
	 * @param watches every bean that watches configuration keys (there may be none)
	 * @param registry the application's registry, if any
	 * @param discovery the discovery cache, if any
	 * @param overrides the overrides of this application's instances, if followed
	 * @param sensitiveKeyPatterns parts of key names whose values are masked
	 */
	public EtcdEndpoint(EtcdSettings settings, ObjectProvider<EtcdConfigWatches> watches,
			ObjectProvider<ServiceRegistry> registry, ObjectProvider<ServiceDiscovery> discovery,
			ObjectProvider<InstanceOverrides> overrides, List<String> sensitiveKeyPatterns) {
		this.overrides = overrides;
		this.settings = settings;
		this.watches = watches;
		this.registry = registry;
		this.discovery = discovery;
		this.sensitiveKeys = new SensitiveKeys(sensitiveKeyPatterns);
	}

	/**
	 * Describes the application's use of etcd.
	 * @return the description
	 */
	@ReadOperation
	public EtcdDescriptor etcd() {
		return new EtcdDescriptor(connection(), watchedKeys(), registrations(), overrides(), discovered());
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
		return (tls.certFile() != null || tls.keyStore() != null) ? "mutual" : "on";
	}

	private List<WatchedKeyDescriptor> watchedKeys() {
		return this.watches.orderedStream()
			.flatMap((watches) -> watches.watchedKeys().stream())
			.map((watched) -> new WatchedKeyDescriptor(watched.key(), watched.origin(), watched.revision(),
					this.sensitiveKeys.mask(watched.key(), watched.value())))
			.toList();
	}

	private RegistrationsDescriptor registrations() {
		ServiceRegistry registry = this.registry.getIfAvailable();
		if (registry == null) {
			return null;
		}
		Long leaseId = registry.leaseId().isPresent() ? registry.leaseId().getAsLong() : null;
		return new RegistrationsDescriptor(leaseId, registry.registrations().stream().map(this::instance).toList());
	}

	private DiscoveryDescriptor discovered() {
		ServiceDiscovery discovery = this.discovery.getIfAvailable();
		if (discovery == null) {
			return null;
		}
		Map<String, List<InstanceDescriptor>> services = new LinkedHashMap<>();
		for (String service : discovery.cachedServices()) {
			services.put(service, discovery.instances(service).stream().map(this::instance).toList());
		}
		return new DiscoveryDescriptor(discovery.revision(), services);
	}

	private InstanceDescriptor instance(ServiceInstance instance) {
		return new InstanceDescriptor(instance.serviceName(), instance.instanceId(), instance.host(), instance.port(),
				instance.secure(), instance.uri().toString(), this.sensitiveKeys.mask(instance.metadata()));
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
	 * @param value the value, masked when the key is sensitive
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
	 * @param metadata the metadata, sensitive values masked
	 */
	public record InstanceDescriptor(String serviceName, String instanceId, String host, int port, boolean secure,
			String uri, Map<String, String> metadata) {
	}

}
