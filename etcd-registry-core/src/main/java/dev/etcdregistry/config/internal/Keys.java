package dev.etcdregistry.config.internal;

import java.nio.charset.StandardCharsets;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;

/**
 * Checks on keys and values made before anything is sent, so that a mistake is reported with
 * the key's name instead of as a gRPC error.
 */
public final class Keys {

	/**
	 * etcd's default {@code --max-request-bytes} (1.5 MiB) less room for the request's own
	 * fields.
	 */
	public static final int MAX_VALUE_BYTES = 1024 * 1024 + 512 * 1024 - 4096;

	private Keys() {
	}

	static void checkKey(String key) {
		if (key == null || key.isEmpty()) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT,
					"A config key is empty; name the key, as in /config/my-app/feature.enabled");
		}
	}

	static void checkPrefix(String prefix) {
		if (prefix == null) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT,
					"A config prefix is null; use \"\" for all keys or a path like /config/my-app/");
		}
		if (prefix.isEmpty()) {
			return;
		}
		checkKey(prefix);
	}

	static void checkValue(String key, String value) {
		checkKey(key);
		if (value == null) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT,
					"The value for key '" + key + "' is null; use delete to remove a key");
		}
		int size = key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
		if (size > MAX_VALUE_BYTES) {
			throw new EtcdRegistryException(Reason.TOO_LARGE, "The value for key '" + key + "' is " + size
					+ " bytes, more than etcd accepts by default (" + MAX_VALUE_BYTES + "); store it elsewhere or "
					+ "split it over several keys");
		}
	}

}
