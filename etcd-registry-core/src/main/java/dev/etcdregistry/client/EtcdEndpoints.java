package dev.etcdregistry.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;

/** Reads one etcd endpoint URL for {@link EtcdSettings.Builder}, saying how to fix a bad one. */
final class EtcdEndpoints {

	private EtcdEndpoints() {
	}

	/**
	 * The endpoint as {@code scheme://host:port}.
	 * @throws EtcdRegistryException {@link Reason#INVALID_ARGUMENT} naming the endpoint (any
	 * password in it masked) and the fix
	 */
	static URI parse(String raw) {
		// user info may hold a password: never echo it back
		String text = raw.replaceAll("//[^/@]*@", "//***@");
		URI uri;
		try {
			uri = new URI(raw);
		}
		catch (URISyntaxException ex) {
			throw invalid("etcd endpoint '" + text + "' is not a URL (" + ex.getReason()
					+ "); write it as http://host:2379 or https://host:2379");
		}
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
			// drop what was meant as a scheme, typos included ("http//", "htp://", "https:/")
			String rest = text.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*:?//+|^[a-zA-Z][a-zA-Z0-9+.-]*:/(?!/)", "");
			String suggested = text.toLowerCase(Locale.ROOT).startsWith("https") ? "https://" : "http://";
			throw invalid("etcd endpoint '" + text + "' must start with http:// or https://, as in " + suggested
					+ rest);
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw invalid("etcd endpoint '" + text + "' has no host; write it as " + scheme + "://host:2379");
		}
		if (uri.getPort() == -1) {
			throw invalid("etcd endpoint '" + text + "' has no port; etcd's client port is usually 2379, as in "
					+ scheme + "://" + uri.getHost() + ":2379");
		}
		if ((uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
				|| uri.getQuery() != null || uri.getUserInfo() != null) {
			throw invalid("etcd endpoint '" + text + "' must be just scheme://host:port (no path, query or "
					+ "user info; set credentials as username/password)");
		}
		return URI.create(scheme + "://" + (uri.getHost().contains(":") && !uri.getHost().startsWith("[")
				? "[" + uri.getHost() + "]" : uri.getHost()) + ":" + uri.getPort());
	}

	private static EtcdRegistryException invalid(String message) {
		return new EtcdRegistryException(Reason.INVALID_ARGUMENT, message);
	}

}
