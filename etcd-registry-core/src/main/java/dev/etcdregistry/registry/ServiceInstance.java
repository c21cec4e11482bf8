package dev.etcdregistry.registry;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;

/**
 * One running instance of a service, as stored under
 * {@code <namespace>/services/<serviceName>/<instanceId>}. The value in etcd is JSON with at
 * least {@code host} and {@code port}, which is what the Node.js tutorial this project comes
 * from writes and reads.
 *
 * <p>Names and ids become path segments of the key, so they may not be empty or contain
 * {@code /}, whitespace or control characters; the constructor rejects them, naming the value.
 *
 * @param serviceName the service, e.g. {@code orders}
 * @param instanceId the instance, unique within its service
 * @param host the host name or IP address peers connect to
 * @param port the port peers connect to (1-65535)
 * @param secure whether peers should use TLS
 * @param metadata free-form string attributes (zone, version, weight, ...)
 */
public record ServiceInstance(String serviceName, String instanceId, String host, int port, boolean secure,
		Map<String, String> metadata) {

	/** Longest service name or instance id accepted. */
	public static final int MAX_NAME_LENGTH = 253;

	public ServiceInstance {
		checkName(serviceName, "service name");
		checkName(instanceId, "instance id");
		if (host == null || host.isBlank() || host.chars().anyMatch(c -> Character.isWhitespace(c)
				|| Character.isISOControl(c))) {
			throw invalid("Host '" + host + "' of instance '" + instanceId + "' of service '" + serviceName
					+ "' is empty or contains whitespace; give the host name or IP address peers should connect to");
		}
		if (port < 1 || port > 65535) {
			throw invalid("Port " + port + " of instance '" + instanceId + "' of service '" + serviceName
					+ "' is outside 1-65535; give the port peers should connect to");
		}
		metadata = (metadata != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(metadata)) : Map.of();
		metadata.forEach((key, value) -> {
			if (key == null || value == null) {
				throw invalid("Metadata of instance '" + instanceId + "' of service '" + serviceName
						+ "' has a null key or value; leave the entry out instead");
			}
		});
	}

	/** An instance without metadata over plain HTTP. */
	public static ServiceInstance of(String serviceName, String instanceId, String host, int port) {
		return new ServiceInstance(serviceName, instanceId, host, port, false, Map.of());
	}

	/** This instance with other metadata. */
	public ServiceInstance withMetadata(Map<String, String> metadata) {
		return new ServiceInstance(this.serviceName, this.instanceId, this.host, this.port, this.secure, metadata);
	}

	/**
	 * The instance's own status: {@link ServiceKeys#UP} unless its value says otherwise
	 * ({@code "status"} in its JSON, kept in {@link #metadata()} under that name).
	 */
	public String status() {
		return this.metadata.getOrDefault(ServiceKeys.STATUS, ServiceKeys.UP);
	}

	/** Whether the instance says it takes calls. */
	public boolean isUp() {
		return ServiceKeys.UP.equals(status());
	}

	/** This instance with another status ({@link ServiceKeys#UP}, {@link ServiceKeys#OUT_OF_SERVICE}). */
	public ServiceInstance withStatus(String status) {
		Map<String, String> changed = new LinkedHashMap<>(this.metadata);
		if (ServiceKeys.UP.equals(status)) {
			changed.remove(ServiceKeys.STATUS); // what no status means
		}
		else {
			changed.put(ServiceKeys.STATUS, status);
		}
		return withMetadata(changed);
	}

	/** {@code http(s)://host:port}. */
	public URI uri() {
		String h = (this.host.contains(":") && !this.host.startsWith("[")) ? "[" + this.host + "]" : this.host;
		return URI.create((this.secure ? "https" : "http") + "://" + h + ":" + this.port);
	}

	/**
	 * Checks that a service name or instance id can be a segment of an etcd key.
	 * @param value the name or id
	 * @param what what it is, for the message ("service name", "instance id")
	 * @throws EtcdRegistryException {@link Reason#INVALID_ARGUMENT} naming the value and the fix
	 */
	public static void checkName(String value, String what) {
		if (value == null || value.isEmpty()) {
			throw invalid("The " + what + " is empty; give one like 'orders' (letters, digits, '-', '_', '.')");
		}
		if (value.length() > MAX_NAME_LENGTH) {
			throw invalid("The " + what + " '" + value.substring(0, 40) + "...' is " + value.length()
					+ " characters long; keep it to " + MAX_NAME_LENGTH);
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '/' || Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
				String shown = value.replaceAll("\\p{Cntrl}", "?");
				throw invalid("The " + what + " '" + shown + "' contains " + describe(c) + " at position " + i
						+ ", which would break the key layout /services/<service>/<instance>; use letters, digits, "
						+ "'-', '_' or '.'");
			}
		}
		if (value.equals(".") || value.equals("..")) {
			throw invalid("The " + what + " '" + value + "' is not allowed; use letters, digits, '-', '_' or '.'");
		}
	}

	private static String describe(char c) {
		if (c == '/') {
			return "'/'";
		}
		return Character.isISOControl(c) ? String.format("a control character (U+%04X)", (int) c)
				: String.format("whitespace (U+%04X)", (int) c);
	}

	private static EtcdRegistryException invalid(String message) {
		return new EtcdRegistryException(Reason.INVALID_ARGUMENT, message);
	}

}
