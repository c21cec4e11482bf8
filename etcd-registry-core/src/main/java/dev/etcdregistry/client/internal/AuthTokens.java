package dev.etcdregistry.client.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;

import io.etcd.jetcd.Client;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.client.EtcdConnection;

/**
 * Makes jetcd drop the auth token it caches, so that its next call authenticates again.
 *
 * <p>jetcd only drops its token when etcd answers "invalid auth token". After etcd was wiped
 * and set up again, etcd 3.4 does not answer at all: a simple token ends in the raft index it
 * was issued at, and etcd holds every request that bears it until the new cluster reaches that
 * index — for a busy old cluster, never. Calls then time out and watches never start, with
 * the same stale token each time. jetcd has no public way to reset the token, so this reaches
 * its {@code AuthCredential.refresh()} (jetcd 0.8.x); should a later jetcd move it, one
 * warning says so and recovery falls back to waiting for etcd, as before.
 */
public final class AuthTokens {

	private static final Logger logger = LoggerFactory.getLogger(AuthTokens.class);

	private static final AtomicBoolean warned = new AtomicBoolean();

	private AuthTokens() {
	}

	/** Like {@link #forget(Client)}, for a connection that logs in with a user name (else nothing to drop). */
	public static void forget(EtcdConnection connection) {
		if (connection.settings().username() != null) {
			forget(connection.client());
		}
	}

	/**
	 * Drops the token of {@code client}; its next call authenticates with the user name and
	 * password again. Harmless when the token was still good (one extra authentication).
	 */
	public static void forget(Client client) {
		try {
			Field field = client.getClass().getDeclaredField("connectionManager");
			field.setAccessible(true);
			Object manager = field.get(client);
			Method credential = manager.getClass().getDeclaredMethod("authCredential");
			credential.setAccessible(true);
			Object auth = credential.invoke(manager);
			Method refresh = auth.getClass().getMethod("refresh");
			refresh.setAccessible(true);
			refresh.invoke(auth);
			logger.debug("Dropped the cached etcd auth token; the next call authenticates again");
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			if (warned.compareAndSet(false, true)) {
				logger.warn("Could not make jetcd ({}) authenticate again ({}); after etcd is wiped, calls with an "
						+ "old auth token wait until etcd catches up with it. Report this with the jetcd version",
						client.getClass().getName(), ex.toString());
			}
		}
	}

}
