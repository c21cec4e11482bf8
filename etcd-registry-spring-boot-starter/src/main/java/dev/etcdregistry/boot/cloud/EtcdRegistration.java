package dev.etcdregistry.boot.cloud;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.cloud.client.serviceregistry.Registration;

import dev.etcdregistry.registry.ServiceInstance;

/**
 * Spring Cloud's {@link Registration} of an instance kept in etcd. The instance may become
 * known late (a web application learns its port when the server listens); until then the
 * host is {@code null} and the port 0.
 */
class EtcdRegistration implements Registration {

	private final String serviceId;

	private final Supplier<Optional<ServiceInstance>> instance;

	/**
	 * @param serviceId the service name, known from the start
	 * @param instance the instance, once known
	 */
	public EtcdRegistration(String serviceId, Supplier<Optional<ServiceInstance>> instance) {
		this.serviceId = Objects.requireNonNull(serviceId, "serviceId");
		this.instance = Objects.requireNonNull(instance, "instance");
	}

	/** A registration of an instance known up front. */
	public static EtcdRegistration of(ServiceInstance instance) {
		return new EtcdRegistration(instance.serviceName(), () -> Optional.of(instance));
	}

	/**
	 * The instance to register.
	 * @return the instance, empty while its port is not known yet
	 */
	public Optional<ServiceInstance> instance() {
		return this.instance.get();
	}

	@Override
	public String getInstanceId() {
		return instance().map(ServiceInstance::instanceId).orElse(null);
	}

	@Override
	public String getServiceId() {
		return this.serviceId;
	}

	@Override
	public String getHost() {
		return instance().map(ServiceInstance::host).orElse(null);
	}

	@Override
	public int getPort() {
		return instance().map(ServiceInstance::port).orElse(0);
	}

	@Override
	public boolean isSecure() {
		return instance().map(ServiceInstance::secure).orElse(false);
	}

	@Override
	public URI getUri() {
		return instance().map(ServiceInstance::uri).orElse(null);
	}

	@Override
	public Map<String, String> getMetadata() {
		return instance().map(ServiceInstance::metadata).orElse(Map.of());
	}

	@Override
	public String toString() {
		return "EtcdRegistration{serviceId='" + this.serviceId + "', instanceId='" + getInstanceId() + "'}";
	}

}
