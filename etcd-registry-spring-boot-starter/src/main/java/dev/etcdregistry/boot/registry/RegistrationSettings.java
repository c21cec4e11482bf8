package dev.etcdregistry.boot.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.boot.annotation.RegisterService;
import dev.etcdregistry.registry.ServiceInstance;

/**
 * What this application registers, resolved once at startup from {@code etcd.registry.*}
 * (which wins) and {@link RegisterService} (the code's defaults). Only the port may still be
 * unknown: it comes from the web server.
 *
 * @param serviceName the service name
 * @param instanceId the configured instance id, {@code null} for the generated one
 * @param host the host peers connect to
 * @param fixedPort the configured port, 0 for the web server's
 * @param secure whether peers should use https
 * @param metadata the merged metadata
 * @param suffix random part of a generated instance id, fixed for the process
 */
record RegistrationSettings(String serviceName, String instanceId, String host, int fixedPort, boolean secure,
		Map<String, String> metadata, String suffix) {

	static RegistrationSettings resolve(EtcdRegistryProperties properties, RegisterService annotation,
			Environment environment) {
		return resolve(properties, annotation, environment, null);
	}

	static RegistrationSettings resolve(EtcdRegistryProperties properties, RegisterService annotation,
			Environment environment, org.springframework.beans.factory.BeanFactory beans) {
		String source = (annotation != null) ? "@RegisterService" : "etcd.registry.register=on";
		String name = firstText(properties.getServiceName(), (annotation != null) ? annotation.name() : null,
				environment.getProperty("spring.application.name"));
		if (name == null) {
			throw invalid("Service registration (" + source + ") needs a service name; set spring.application.name, "
					+ "etcd.registry.service-name or @RegisterService(name = \"...\")");
		}
		ServiceInstance.checkName(name, "service name (etcd.registry.service-name / spring.application.name)");
		String instanceId = firstText(properties.getInstanceId(), (annotation != null) ? annotation.instanceId() : null);
		if (instanceId != null) {
			ServiceInstance.checkName(instanceId, "instance id (etcd.registry.instance-id)");
		}
		int port = (properties.getPort() != null) ? properties.getPort() : (annotation != null) ? annotation.port() : 0;
		if (port < 0 || port > 65535) {
			throw invalid("The registration port " + port + " (etcd.registry.port / @RegisterService(port)) is outside "
					+ "0-65535; use 0 for the web server's port");
		}
		String host = RegistrationHost.resolve(properties.getHost(), environment, beans);
		Map<String, String> metadata = new LinkedHashMap<>();
		if (annotation != null) {
			for (String entry : annotation.metadata()) {
				int equals = entry.indexOf('=');
				if (equals < 1) {
					throw invalid("@RegisterService metadata entry '" + entry + "' is not key=value; write it like "
							+ "\"zone=eu-1\"");
				}
				metadata.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
			}
		}
		metadata.putAll(properties.getMetadata());
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		return new RegistrationSettings(name, instanceId, host, port, properties.isSecure(), java.util.Collections.unmodifiableMap(metadata),
				suffix);
	}

	/** The port to register: the fixed one if configured, else the web server's. */
	int portFor(int webServerPort) {
		return (this.fixedPort > 0) ? this.fixedPort : webServerPort;
	}

	/** The instance registered on {@code port}. */
	ServiceInstance instance(int port) {
		String id = (this.instanceId != null) ? this.instanceId
				: this.serviceName + "-" + this.host.replace(':', '.') + "-" + port + "-" + this.suffix;
		return new ServiceInstance(this.serviceName, id, this.host, port, this.secure, this.metadata);
	}

	private static String firstText(String... candidates) {
		for (String candidate : candidates) {
			if (StringUtils.hasText(candidate)) {
				return candidate.trim();
			}
		}
		return null;
	}

	private static EtcdRegistryException invalid(String message) {
		return new EtcdRegistryException(Reason.INVALID_ARGUMENT, message);
	}

}
