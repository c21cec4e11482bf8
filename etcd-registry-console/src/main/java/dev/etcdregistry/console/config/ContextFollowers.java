package dev.etcdregistry.console.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceKeys;

import static dev.etcdregistry.client.EtcdConnection.bytes;

/**
 * Which running instances follow a context, from the registry alone: the starter's config
 * import reads {@code <app>} and {@code <app>,<profile>} for the application named
 * {@code <app>}, whose instances register under that service name by default, and every
 * application reads {@code application}. So an {@code <app>[,<profile>]} context is followed
 * by the instances of service {@code <app>} (their profiles are not registered: an instance
 * with another profile is listed too), and {@code application[,<profile>]} by every instance.
 * An application registered under another name than its {@code spring.application.name}, or
 * one not registered at all, is not seen.
 */
final class ContextFollowers {

	/** The common context every application imports. */
	static final String COMMON = "application";

	/** A listing limit: a service with more instances than this is summed up instead of listed in full. */
	static final int LISTED = 200;

	private static final JsonMapper json = JsonMapper.builder().build();

	/** One following instance. */
	record Follower(String id, String address, String status) {
	}

	/**
	 * @param service the service whose instances follow the context, {@code null} for the common context
	 * @param instances the instances listed (at most {@link #LISTED}; none for the common context)
	 * @param total how many instances follow it
	 * @param denied why the registry could not be read, {@code null} when it was
	 */
	record Followers(String service, List<Follower> instances, long total, String denied) {
	}

	private final EtcdConnection connection;

	ContextFollowers(EtcdConnection connection) {
		this.connection = connection;
	}

	Followers of(String context) {
		int comma = context.indexOf(',');
		String app = (comma < 0) ? context : context.substring(0, comma);
		try {
			if (app.equals(COMMON)) {
				GetResponse count = get(ServiceKeys.SERVICES, GetOption.builder().isPrefix(true).withCountOnly(true).build());
				return new Followers(null, List.of(), count.getCount(), null);
			}
			GetResponse instances = get(ServiceKeys.SERVICES + app + "/",
					GetOption.builder().isPrefix(true).withLimit(LISTED).build());
			List<Follower> followers = new ArrayList<>();
			for (KeyValue kv : instances.getKvs()) {
				String id = text(kv.getKey()).substring(ServiceKeys.SERVICES.length() + app.length() + 1);
				followers.add(follower(id, text(kv.getValue())));
			}
			return new Followers(app, followers, instances.getCount(), null);
		}
		catch (EtcdRegistryException ex) {
			if (ex.reason() != Reason.PERMISSION_DENIED) {
				throw ex;
			}
			return new Followers(COMMON.equals(app) ? null : app, List.of(), 0,
					"Your etcd role may not read " + ServiceKeys.SERVICES + (COMMON.equals(app) ? "" : app + "/")
							+ " (grant read on it to see the instances that follow this context).");
		}
	}

	private static Follower follower(String id, String value) {
		try {
			JsonNode node = json.readTree(value);
			return new Follower(id, node.path("host").asString("?") + ":" + node.path("port").asString("?"),
					node.path(ServiceKeys.STATUS).asString(ServiceKeys.UP));
		}
		catch (RuntimeException ex) {
			// a value written by hand: list the instance, never quote the value
			return new Follower(id, "(not instance JSON)", "UNREADABLE");
		}
	}

	private GetResponse get(String prefix, GetOption option) {
		return this.connection.await(this.connection.client().getKVClient().get(bytes(prefix), option),
				"read of '" + prefix + "'");
	}

	private static String text(io.etcd.jetcd.ByteSequence bytes) {
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
