package dev.etcdregistry.boot.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

import dev.etcdregistry.boot.connection.SensitiveKeys;

/**
 * Decides how a value shown by the {@code etcd} endpoint appears: masked when its key matches
 * {@code etcd.sensitive-keys}, whatever {@code show-values} says (the README promises that
 * such values never leave the process unmasked); otherwise Boot's {@link Sanitizer} rules,
 * masked unless unsanitized values may be shown, then the application's
 * {@link SanitizingFunction}s.
 */
final class EtcdValueSanitizer {

	private final SensitiveKeys sensitiveKeys;

	private final Sanitizer sanitizer;

	EtcdValueSanitizer(List<String> sensitiveKeyPatterns, Iterable<SanitizingFunction> sanitizingFunctions) {
		this.sensitiveKeys = new SensitiveKeys(sensitiveKeyPatterns);
		this.sanitizer = new Sanitizer(sanitizingFunctions);
	}

	/** The value to show for {@code key}; {@code null} stays {@code null}. */
	String sanitize(String key, String value, boolean showUnsanitized) {
		if (value == null) {
			return null;
		}
		if (this.sensitiveKeys.isSensitive(key)) {
			return SensitiveKeys.MASK;
		}
		// there is no Spring property source behind an etcd key or an instance's metadata
		Object sanitized = this.sanitizer.sanitize(new SanitizableData(null, key, value), showUnsanitized);
		return (sanitized != null) ? sanitized.toString() : null;
	}

	/** Every value of the map sanitized under its own key, in the map's order. */
	Map<String, String> sanitize(Map<String, String> values, boolean showUnsanitized) {
		Map<String, String> sanitized = new LinkedHashMap<>();
		values.forEach((key, value) -> sanitized.put(key, sanitize(key, value, showUnsanitized)));
		return sanitized;
	}

}
