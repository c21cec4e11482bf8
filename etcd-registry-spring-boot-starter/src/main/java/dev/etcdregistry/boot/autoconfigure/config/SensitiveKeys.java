package dev.etcdregistry.boot.autoconfigure.config;

import java.util.List;
import java.util.Locale;

/**
 * Tells whether a key names a secret, so that its value is masked in logs and events.
 */
final class SensitiveKeys {

	private static final List<String> MARKERS = List.of("password", "secret", "token", "credential", "private-key",
			"privatekey", "private_key", "private.key");

	static final String MASK = "******";

	private SensitiveKeys() {
	}

	static boolean isSensitive(String key) {
		String lower = key.toLowerCase(Locale.ROOT);
		return MARKERS.stream().anyMatch(lower::contains);
	}

	/** The value as it may be shown: masked when the key is sensitive. */
	static String show(String key, String value) {
		if (value == null) {
			return null;
		}
		return isSensitive(key) ? MASK : value;
	}

}
