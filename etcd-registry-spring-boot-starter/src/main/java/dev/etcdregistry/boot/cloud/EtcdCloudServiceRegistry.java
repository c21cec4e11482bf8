package dev.etcdregistry.boot.cloud;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.client.serviceregistry.ServiceRegistry;

import dev.etcdregistry.registry.ServiceInstance;

/**
 * Spring Cloud's {@link ServiceRegistry} contract on top of our registry (one lease for the
 * whole application), which also serves {@code /actuator/serviceregistry}.
 *
 * <p>Status: etcd knows no instance status and discovery clients don't filter on metadata, so
 * {@code DOWN} and {@code OUT_OF_SERVICE} <b>deregister</b> the instance (peers stop calling
 * it at once) and {@code UP} registers it again. {@link #getStatus} answers {@code UP} while
 * the instance is registered, otherwise the status last set ({@code DOWN} if none).
 */
class EtcdCloudServiceRegistry implements ServiceRegistry<EtcdRegistration> {

	/** Registered. */
	public static final String UP = "UP";

	/** Deregistered. */
	public static final String DOWN = "DOWN";

	/** Deregistered, on purpose (maintenance). */
	public static final String OUT_OF_SERVICE = "OUT_OF_SERVICE";

	private static final Logger logger = LoggerFactory.getLogger(EtcdCloudServiceRegistry.class);

	private final dev.etcdregistry.registry.ServiceRegistry registry;

	private final Map<String, String> statuses = new ConcurrentHashMap<>();

	/**
	 * @param registry our registry, which owns the lease
	 */
	public EtcdCloudServiceRegistry(dev.etcdregistry.registry.ServiceRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void register(EtcdRegistration registration) {
		ServiceInstance instance = require(registration);
		this.registry.register(instance);
		this.statuses.put(key(instance), UP);
	}

	@Override
	public void deregister(EtcdRegistration registration) {
		registration.instance().ifPresent(instance -> {
			this.registry.deregister(instance.serviceName(), instance.instanceId());
			this.statuses.put(key(instance), DOWN);
		});
	}

	/** Nothing to do: the registry bean owns the lease and revokes it when the context closes. */
	@Override
	public void close() {
	}

	@Override
	public void setStatus(EtcdRegistration registration, String status) {
		String normalized = (status != null) ? status.trim().toUpperCase(Locale.ROOT) : "";
		ServiceInstance instance = require(registration);
		switch (normalized) {
			case UP -> register(registration);
			case DOWN, OUT_OF_SERVICE -> {
				this.registry.deregister(instance.serviceName(), instance.instanceId());
				this.statuses.put(key(instance), normalized);
			}
			default -> throw new IllegalArgumentException("Unknown status '" + status + "' for instance '"
					+ instance.instanceId() + "'; use UP, DOWN or OUT_OF_SERVICE");
		}
		logger.info("Status of instance '{}' of service '{}' set to {}", instance.instanceId(),
				instance.serviceName(), normalized);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T getStatus(EtcdRegistration registration) {
		ServiceInstance instance = registration.instance().orElse(null);
		if (instance == null) {
			return (T) DOWN;
		}
		boolean registered = this.registry.registrations()
			.stream()
			.anyMatch(r -> r.serviceName().equals(instance.serviceName())
					&& r.instanceId().equals(instance.instanceId()));
		return (T) (registered ? UP : this.statuses.getOrDefault(key(instance), DOWN));
	}

	private static ServiceInstance require(EtcdRegistration registration) {
		return registration.instance()
			.orElseThrow(() -> new IllegalStateException("Instance of service '" + registration.getServiceId()
					+ "' is not known yet: its port is set when the web server listens"));
	}

	private static String key(ServiceInstance instance) {
		return instance.serviceName() + "/" + instance.instanceId();
	}

}
