package dev.etcdregistry.boot.actuate;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * Decides which values are shown masked: those whose key contains one of the configured
 * patterns, ignoring case and the separators {@code - _ .} (so {@code private-key} matches
 * {@code /config/app/privateKey} and {@code PRIVATE_KEY}).
 */
final class SensitiveKeys {

	static final String MASK = "******";

	private final List<String> patterns;

	SensitiveKeys(List<String> patterns) {
		this.patterns = patterns.stream().map(SensitiveKeys::normalize).filter((p) -> !p.isEmpty()).toList();
	}

	boolean isSensitive(String key) {
		if (key == null) {
			return false;
		}
		String normalized = normalize(key);
		return this.patterns.stream().anyMatch(normalized::contains);
	}

	/** The value, or the mask when the key is sensitive; {@code null} stays {@code null}. */
	String mask(String key, String value) {
		return (value != null && isSensitive(key)) ? MASK : value;
	}

	Map<String, String> mask(Map<String, String> values) {
		Map<String, String> masked = new LinkedHashMap<>();
		values.forEach((key, value) -> masked.put(key, mask(key, value)));
		return masked;
	}

	private static String normalize(String text) {
		return text.toLowerCase(Locale.ROOT).replaceAll("[-_.\\s]", "");
	}

}
