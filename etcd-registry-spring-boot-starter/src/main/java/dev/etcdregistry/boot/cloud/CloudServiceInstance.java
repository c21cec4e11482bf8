package dev.etcdregistry.boot.cloud;

import java.net.URI;
import java.util.Map;

import org.springframework.cloud.client.ServiceInstance;

/**
 * An instance from etcd as Spring Cloud sees it. This package is the one place where our
 * {@link dev.etcdregistry.registry.ServiceInstance} meets Spring Cloud's {@link ServiceInstance}.
 */
public final class CloudServiceInstance implements ServiceInstance {

	private final dev.etcdregistry.registry.ServiceInstance instance;

	/** Wraps one of our instances. */
	public CloudServiceInstance(dev.etcdregistry.registry.ServiceInstance instance) {
		this.instance = instance;
	}

	@Override
	public String getInstanceId() {
		return this.instance.instanceId();
	}

	@Override
	public String getServiceId() {
		return this.instance.serviceName();
	}

	@Override
	public String getHost() {
		return this.instance.host();
	}

	@Override
	public int getPort() {
		return this.instance.port();
	}

	@Override
	public boolean isSecure() {
		return this.instance.secure();
	}

	@Override
	public URI getUri() {
		return this.instance.uri();
	}

	@Override
	public String getScheme() {
		return this.instance.secure() ? "https" : "http";
	}

	@Override
	public Map<String, String> getMetadata() {
		return this.instance.metadata();
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof CloudServiceInstance that) && this.instance.equals(that.instance);
	}

	@Override
	public int hashCode() {
		return this.instance.hashCode();
	}

	@Override
	public String toString() {
		return "CloudServiceInstance{serviceId='" + getServiceId() + "', instanceId='" + getInstanceId() + "', uri="
				+ getUri() + "}";
	}

}
