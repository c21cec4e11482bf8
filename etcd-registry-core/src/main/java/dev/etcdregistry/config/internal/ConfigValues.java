package dev.etcdregistry.config.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;

/** Decodes a config value stored as JSON into the type a caller asks for. */
final class ConfigValues {

	private ConfigValues() {
	}

	/**
	 * The value as {@code type}.
	 * @throws EtcdRegistryException {@link Reason#INVALID_VALUE} naming the key and where the
	 * JSON is wrong, never the value
	 */
	static <T> T decode(JsonMapper mapper, String key, String value, Class<T> type) {
		try {
			return mapper.readValue(value, type);
		}
		catch (JacksonException ex) {
			// Jackson's messages quote the offending text, and config values may be secrets:
			// report where and what kind of problem, never the value, and keep the cause out
			throw new EtcdRegistryException(Reason.INVALID_VALUE, "The value of key '" + key + "' does not decode "
					+ "into " + type.getName() + " (" + ex.getClass().getSimpleName() + " at " + where(ex)
					+ "); correct it, e.g. with etcdctl put " + key + " '<json>'");
		}
	}

	private static String where(JacksonException ex) {
		String path = ex.getPath().isEmpty() ? "" : "field " + ex.getPathReference().replaceFirst("^[^\\[]*", "")
				+ ", ";
		return (ex.getLocation() != null) ? path + "line " + ex.getLocation().getLineNr() + ", column "
				+ ex.getLocation().getColumnNr() : path + "unknown position";
	}

}
