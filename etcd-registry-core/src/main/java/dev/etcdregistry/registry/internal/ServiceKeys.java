package dev.etcdregistry.registry.internal;

/**
 * The registry's key layout: {@code /services/<serviceName>/<instanceId>}, below the
 * connection's namespace (which jetcd adds and strips).
 */
public final class ServiceKeys {

	/** Where all instances live. */
	public static final String ROOT = "/services/";

	private ServiceKeys() {
	}

	public static String key(String serviceName, String instanceId) {
		return ROOT + serviceName + "/" + instanceId;
	}

	public static String servicePrefix(String serviceName) {
		return ROOT + serviceName + "/";
	}

	/**
	 * Splits an instance key into service name and instance id.
	 * @return the two segments, or {@code null} when the key is not of the form
	 * {@code /services/<service>/<instance>}
	 */
	public static String[] split(String key) {
		if (!key.startsWith(ROOT)) {
			return null;
		}
		String rest = key.substring(ROOT.length());
		int slash = rest.indexOf('/');
		if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
			return null;
		}
		return new String[] { rest.substring(0, slash), rest.substring(slash + 1) };
	}

}
