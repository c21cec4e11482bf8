package dev.etcdregistry.registry;

/**
 * The registry's key layout in etcd, below the connection's namespace (which the client adds
 * and strips), for tools that read or write it directly (a console, scripts):
 * <ul>
 * <li>{@code /services/<serviceName>/<instanceId>}: the instance, JSON with at least
 * {@code host} and {@code port} (what the Node.js tutorial writes) and, from this library,
 * {@code status} ({@code UP} when absent);</li>
 * <li>{@code /service-overrides/<serviceName>/<instanceId>}: an operator's override, JSON
 * {@code {"status":"OUT_OF_SERVICE","by":"<user>","at":"<ISO-8601>"}}, written under the
 * instance's lease so that it leaves with the instance. Discovery leaves out instances whose
 * override status is not {@code UP}; deleting the key puts the instance back. The instance
 * writes an existing override again under its new lease when it registers again after losing
 * its lease, so an override outlives re-registration.</li>
 * </ul>
 */
public final class ServiceKeys {

	/** Where all instances live. */
	public static final String SERVICES = "/services/";

	/** Where operators' overrides live. */
	public static final String OVERRIDES = "/service-overrides/";

	/** The instance's status in its JSON value and in an override. */
	public static final String STATUS = "status";

	/** Takes calls. */
	public static final String UP = "UP";

	/** Running, but takes no calls (not ready yet, shutting down, or taken out by an operator). */
	public static final String OUT_OF_SERVICE = "OUT_OF_SERVICE";

	private ServiceKeys() {
	}

	/** {@code /services/<serviceName>/<instanceId>} */
	public static String instanceKey(String serviceName, String instanceId) {
		return SERVICES + serviceName + "/" + instanceId;
	}

	/** {@code /service-overrides/<serviceName>/<instanceId>} */
	public static String overrideKey(String serviceName, String instanceId) {
		return OVERRIDES + serviceName + "/" + instanceId;
	}

	/** {@code /service-overrides/<serviceName>/} */
	public static String overridePrefix(String serviceName) {
		return OVERRIDES + serviceName + "/";
	}

	/**
	 * Splits a key below {@code root} ({@link #SERVICES} or {@link #OVERRIDES}) into service
	 * name and instance id.
	 * @return the two segments, or {@code null} when the key is not {@code <root><service>/<instance>}
	 */
	public static String[] split(String root, String key) {
		if (!key.startsWith(root)) {
			return null;
		}
		String rest = key.substring(root.length());
		int slash = rest.indexOf('/');
		if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
			return null;
		}
		return new String[] { rest.substring(0, slash), rest.substring(slash + 1) };
	}

}
