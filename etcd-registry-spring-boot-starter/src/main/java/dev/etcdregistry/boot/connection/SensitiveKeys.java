package dev.etcdregistry.boot.connection;

import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides which values are shown masked in logs, events and the actuator: those whose key
 * contains one of the patterns, ignoring case and the separators {@code - _ .} (so
 * {@code private-key} matches {@code /config/app/privateKey} and {@code PRIVATE_KEY}).
 */
public final class SensitiveKeys {

	/** What a masked value is shown as. */
	public static final String MASK = "******";

	/** The patterns used unless configured otherwise. */
	public static final List<String> DEFAULT_PATTERNS = List.of("password", "secret", "token", "credential",
			"private-key", "api-key");

	private static final SensitiveKeys DEFAULTS = new SensitiveKeys(DEFAULT_PATTERNS);

	private final List<String> patterns;

	/** Matching the {@link #DEFAULT_PATTERNS}. */
	public static SensitiveKeys defaults() {
		return DEFAULTS;
	}

	public SensitiveKeys(List<String> patterns) {
		this.patterns = patterns.stream().map(SensitiveKeys::normalize).filter((p) -> !p.isEmpty()).toList();
	}

	public boolean isSensitive(String key) {
		if (key == null) {
			return false;
		}
		String normalized = normalize(key);
		return this.patterns.stream().anyMatch(normalized::contains);
	}

	/** The value, or the mask when the key is sensitive; {@code null} stays {@code null}. */
	public String mask(String key, String value) {
		return (value != null && isSensitive(key)) ? MASK : value;
	}

	/**
	 * A message about the value of {@code key} with the value itself masked when the key is
	 * sensitive (conversion errors tend to quote the value they could not convert).
	 */
	public String scrub(String key, String value, String message) {
		if (message == null || value == null || value.isEmpty() || !isSensitive(key)) {
			return message;
		}
		return message.replace(value, MASK);
	}

	public Map<String, String> mask(Map<String, String> values) {
		Map<String, String> masked = new LinkedHashMap<>();
		values.forEach((key, value) -> masked.put(key, mask(key, value)));
		return masked;
	}

	private static String normalize(String text) {
		return text.toLowerCase(Locale.ROOT).replaceAll("[-_.\\s]", "");
	}

}
