package dev.etcdregistry.console;

import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * Which values the pages show masked until revealed on purpose: those whose key contains one
 * of {@code etcd.sensitive-keys}, ignoring case and {@code - _ .} (as the starter decides).
 */
@Component
public class Masking {

	/** What a masked value is shown as. */
	public static final String MASK = "******";

	private final List<String> patterns;

	public Masking(ConsoleProperties properties) {
		this.patterns = properties.getSensitiveKeys().stream().map(Masking::normalize).filter((p) -> !p.isEmpty())
			.toList();
	}

	public boolean isSensitive(String key) {
		String normalized = normalize(key);
		return this.patterns.stream().anyMatch(normalized::contains);
	}

	/** The value, or the mask when the key is sensitive and not revealed. */
	public String show(String key, String value, boolean reveal) {
		return (value != null && !reveal && isSensitive(key)) ? MASK : value;
	}

	private static String normalize(String text) {
		return (text != null) ? text.toLowerCase(Locale.ROOT).replaceAll("[-_.\\s]", "") : "";
	}

}
