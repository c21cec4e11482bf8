package dev.etcdregistry.registry.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.etcdregistry.registry.ServiceKeys;

/**
 * Reads the value of an override key ({@code {"status":"OUT_OF_SERVICE","by":"ops","at":"..."}}).
 */
final class OverrideCodec {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private OverrideCodec() {
	}

	/** The override's status, or {@code null} when the value is not JSON with a status string. */
	static String status(byte[] value) {
		JsonNode node = node(value);
		JsonNode status = (node != null) ? node.get(ServiceKeys.STATUS) : null;
		return (status != null && status.isString() && !status.stringValue().isBlank()) ? status.stringValue() : null;
	}

	/** A field of the override as text, or {@code null}. */
	static String field(byte[] value, String name) {
		JsonNode node = node(value);
		JsonNode field = (node != null) ? node.get(name) : null;
		return (field != null && field.isValueNode() && !field.isNull()) ? field.asString() : null;
	}

	private static JsonNode node(byte[] value) {
		try {
			JsonNode node = MAPPER.readTree(value);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
