package dev.etcdregistry.registry.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceKeys;

/**
 * Writes and reads the JSON value of an instance key. Written: {@code host}, {@code port}
 * first (all the Node.js tutorial reads), then {@code serviceName}, {@code instanceId},
 * {@code secure}, {@code status} and {@code metadata}. Read: anything with a {@code host} and a {@code port};
 * other top-level scalars (a bare {@code {"host":..,"port":..,"zone":"a"}}) become metadata.
 * Only a JSON tree is built, never arbitrary types: type hints such as {@code "@class"} are
 * inert text, and top-level ones are dropped.
 */
public final class InstanceCodec {

	private static final Set<String> KNOWN = Set.of("host", "port", "serviceName", "instanceId", "secure",
			"metadata");

	private final JsonMapper mapper = JsonMapper.builder().build();

	public byte[] encode(ServiceInstance instance) {
		ObjectNode node = this.mapper.createObjectNode();
		node.put("host", instance.host());
		node.put("port", instance.port());
		node.put("serviceName", instance.serviceName());
		node.put("instanceId", instance.instanceId());
		node.put("secure", instance.secure());
		node.put(ServiceKeys.STATUS, instance.status());
		ObjectNode metadata = node.putObject("metadata");
		instance.metadata().forEach((key, value) -> {
			if (!key.equals(ServiceKeys.STATUS)) {
				metadata.put(key, value);
			}
		});
		return this.mapper.writeValueAsBytes(node);
	}

	/**
	 * Reads the value stored under {@code /services/<serviceName>/<instanceId>}.
	 * @throws IllegalArgumentException saying what is wrong with the value (never quoting it)
	 */
	public ServiceInstance decode(String serviceName, String instanceId, byte[] value) {
		JsonNode node;
		try {
			node = this.mapper.readTree(value);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("the value is not valid JSON (" + problem(ex) + ")");
		}
		if (node == null || !node.isObject()) {
			throw new IllegalArgumentException("the value is not a JSON object with host and port");
		}
		checkSameName(node, "serviceName", serviceName);
		checkSameName(node, "instanceId", instanceId);
		JsonNode host = node.get("host");
		if (host == null || !host.isString() || host.stringValue().isBlank()) {
			throw new IllegalArgumentException("the value has no \"host\" string");
		}
		int port = port(node.get("port"));
		JsonNode secure = node.get("secure");
		boolean isSecure = secure != null && (secure.isBoolean() ? secure.booleanValue()
				: secure.isString() && Boolean.parseBoolean(secure.stringValue()));
		Map<String, String> metadata = new LinkedHashMap<>();
		JsonNode nested = node.get("metadata");
		if (nested != null && nested.isObject()) {
			nested.properties().forEach(e -> metadata.put(e.getKey(), scalar(e.getValue())));
		}
		node.properties().forEach(e -> {
			// "@class", "@type" and the like are type hints for polymorphic binders: never metadata
			if (!KNOWN.contains(e.getKey()) && !e.getKey().startsWith("@") && e.getValue().isValueNode()
					&& !e.getValue().isNull()) {
				metadata.putIfAbsent(e.getKey(), scalar(e.getValue()));
			}
		});
		// UP is what a value without status means: leave it out, so an instance reads back as written
		metadata.remove(ServiceKeys.STATUS, ServiceKeys.UP);
		try {
			return new ServiceInstance(serviceName, instanceId, host.stringValue(), port, isSecure, metadata);
		}
		catch (EtcdRegistryException ex) {
			throw new IllegalArgumentException(ex.getMessage());
		}
	}

	private static void checkSameName(JsonNode node, String field, String fromKey) {
		JsonNode named = node.get(field);
		if (named != null && !named.isNull() && !fromKey.equals(named.asString())) {
			throw new IllegalArgumentException("its \"" + field + "\" names '" + named.asString()
					+ "', not the '" + fromKey + "' of its key; only the owner of a key may write it");
		}
	}

	/**
	 * Jackson's message without the part of the value it quotes ("Unrecognized token 'hunter2'"),
	 * plus where the value broke: a registry value may hold anything, a secret included.
	 */
	private static String problem(JacksonException ex) {
		String message = String.valueOf(ex.getOriginalMessage());
		int quote = message.indexOf('\'');
		String problem = ((quote >= 0) ? message.substring(0, quote) : message).strip();
		if (problem.endsWith(":")) {
			problem = problem.substring(0, problem.length() - 1);
		}
		return (ex.getLocation() != null) ? problem + " at line " + ex.getLocation().getLineNr() + ", column "
				+ ex.getLocation().getColumnNr() : problem;
	}

	private static int port(JsonNode port) {
		if (port != null && port.isIntegralNumber() && port.canConvertToInt()) {
			return port.intValue();
		}
		if (port != null && port.isString() && port.stringValue().matches("\\d{1,5}")) {
			return Integer.parseInt(port.stringValue());
		}
		throw new IllegalArgumentException("the value has no \"port\" number");
	}

	private static String scalar(JsonNode value) {
		return value.isValueNode() ? value.asString() : value.toString();
	}

	static String utf8(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
