package dev.etcdregistry.console.registry;

/**
 * The registry's key layout (below the namespace): instances under
 * {@code /services/<service>/<instance>}, the console's traffic overrides under
 * {@code /service-overrides/<service>/<instance>}.
 */
final class RegistryKeys {

	static final String SERVICES = "/services/";

	static final String OVERRIDES = "/service-overrides/";

	private RegistryKeys() {
	}

	static String instance(String service, String id) {
		return SERVICES + service + "/" + id;
	}

	static String override(String service, String id) {
		return OVERRIDES + service + "/" + id;
	}

	/** The service of an instance key, {@code null} when the key is not {@code /services/<s>/<i>}. */
	static String serviceOf(String key) {
		if (!key.startsWith(SERVICES)) {
			return null;
		}
		String rest = key.substring(SERVICES.length());
		int slash = rest.indexOf('/');
		return (slash > 0 && slash < rest.length() - 1) ? rest.substring(0, slash) : null;
	}

	/** The instance id of an instance key (what follows the service segment). */
	static String idOf(String key, String service) {
		return key.substring(SERVICES.length() + service.length() + 1);
	}

}
