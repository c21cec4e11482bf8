package dev.etcdregistry.client.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;

import io.etcd.jetcd.Client;
import io.grpc.Channel;
import io.grpc.Metadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link AuthTokens} needs from jetcd and jetcd does not expose: its channel (to ask etcd
 * something without a token), the token it caches, and a way to drop it. Reached by
 * reflection into jetcd 0.8.x's {@code ClientConnectionManager} and {@code AuthCredential};
 * one warning if a later jetcd moved them.
 */
final class JetcdAuth {

	private static final Logger logger = LoggerFactory.getLogger(AuthTokens.class);

	private static final AtomicBoolean warned = new AtomicBoolean();

	private static final Metadata.Key<String> TOKEN = Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);

	private JetcdAuth() {
	}

	/** jetcd's channel, or {@code null} (after one warning) when it cannot be reached. */
	static Channel channel(Client client) {
		try {
			Object manager = manager(client);
			Method getChannel = manager.getClass().getDeclaredMethod("getChannel");
			getChannel.setAccessible(true);
			return (Channel) getChannel.invoke(manager);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			warnOnce(client, ex);
			return null;
		}
	}

	/** The raft index the cached token was issued at, or 0 when unknown (no token, or another token type). */
	static long tokenIndex(Client client) {
		try {
			Object credential = credential(client);
			Field meta = credential.getClass().getDeclaredField("meta");
			meta.setAccessible(true);
			Metadata metadata = (Metadata) meta.get(credential);
			String token = (metadata != null) ? metadata.get(TOKEN) : null;
			int dot = (token != null) ? token.lastIndexOf('.') : -1;
			return (dot >= 0) ? Long.parseLong(token.substring(dot + 1)) : 0;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return 0; // a JWT, or a jetcd that keeps it elsewhere: the other signs still count
		}
	}

	/**
	 * Drops the token of {@code client}; its next calls authenticate with the user name and
	 * password again (one {@code Authenticate} per call started before the first answer).
	 */
	static void refresh(Client client) {
		try {
			Object credential = credential(client);
			Method refresh = credential.getClass().getMethod("refresh");
			refresh.setAccessible(true);
			refresh.invoke(credential);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			warnOnce(client, ex);
		}
	}

	private static Object manager(Client client) throws ReflectiveOperationException {
		Field field = client.getClass().getDeclaredField("connectionManager");
		field.setAccessible(true);
		return field.get(client);
	}

	private static Object credential(Client client) throws ReflectiveOperationException {
		Object manager = manager(client);
		Method credential = manager.getClass().getDeclaredMethod("authCredential");
		credential.setAccessible(true);
		return credential.invoke(manager);
	}

	private static void warnOnce(Client client, Exception ex) {
		if (warned.compareAndSet(false, true)) {
			logger.warn("Could not reach jetcd's ({}) auth token ({}); after etcd is wiped, calls with an old auth "
					+ "token may wait until etcd catches up with it. Report this with the jetcd version",
					client.getClass().getName(), ex.toString());
		}
	}

}
