package dev.etcdregistry.console.config;

import java.util.Locale;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.console.ConsoleProperties;

/**
 * The config center's key layout as the starter reads it: contexts under
 * {@code <prefix>/<context>/} ({@code application}, {@code orders}, {@code orders,prod}, ...),
 * holding key-per-property keys and document keys ending in {@code .yaml}, {@code .yml},
 * {@code .properties} or {@code .json}.
 */
final class ConfigKeys {

	private final String prefix;

	ConfigKeys(ConsoleProperties properties) {
		String configured = properties.getConfig().getPrefix();
		this.prefix = configured.endsWith("/") ? configured : configured + "/";
	}

	/** {@code /config/}. */
	String root() {
		return this.prefix;
	}

	String context(String context) {
		checkContext(context);
		return this.prefix + context + "/";
	}

	/** The context of a full key, checking that the key is below the config prefix. */
	String contextOf(String key) {
		if (key == null || !key.startsWith(this.prefix) || key.indexOf('/', this.prefix.length()) < 0) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "Key '" + key + "' is not a config key; config "
					+ "keys look like " + this.prefix + "<context>/<name>");
		}
		return key.substring(this.prefix.length(), key.indexOf('/', this.prefix.length()));
	}

	/** The key's name within its context. */
	String nameOf(String key) {
		return key.substring(this.prefix.length() + contextOf(key).length() + 1);
	}

	static void checkContext(String context) {
		if (context == null || context.isBlank() || context.contains("/") || context.chars()
			.anyMatch((c) -> Character.isWhitespace(c) || Character.isISOControl(c))) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "Context '" + context + "' is not a context name; "
					+ "use an application name, optionally with a profile, like 'orders' or 'orders,prod'");
		}
	}

	static void checkName(String name) {
		if (name == null || name.isBlank() || name.startsWith("/") || name.endsWith("/") || name.chars()
			.anyMatch((c) -> Character.isWhitespace(c) || Character.isISOControl(c))) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "Key name '" + name + "' is not usable; give a "
					+ "property name like 'orders.limit' or a document name like 'application.yaml'");
		}
	}

	/** The document format of a key, or {@code property} for a key-per-property key. */
	static String kind(String key) {
		String lower = key.toLowerCase(Locale.ROOT);
		if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
			return "yaml";
		}
		if (lower.endsWith(".properties")) {
			return "properties";
		}
		if (lower.endsWith(".json")) {
			return "json";
		}
		return "property";
	}

}
