package dev.etcdregistry.boot.connection;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

import io.etcd.jetcd.Client;
import io.grpc.ManagedChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a jetcd client's gRPC channel to idle, so that calls from then on open new connections
 * while the calls in flight finish on the old ones. jetcd does not expose its channel: it is read
 * reflectively from jetcd 0.8's {@code ClientImpl.connectionManager.getChannel()}; on another
 * layout this does nothing but log (the caller then cuts the old connections without draining).
 */
final class JetcdChannel {

	private static final Logger logger = LoggerFactory.getLogger(JetcdChannel.class);

	private JetcdChannel() {
	}

	/** @return whether the channel was found and moved to idle */
	static boolean enterIdle(Client client) {
		try {
			Field field = client.getClass().getDeclaredField("connectionManager");
			field.setAccessible(true);
			Object manager = field.get(client);
			Method getChannel = manager.getClass().getDeclaredMethod("getChannel");
			getChannel.setAccessible(true);
			((ManagedChannel) getChannel.invoke(manager)).enterIdle();
			return true;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("Could not reach jetcd's gRPC channel ({}); old TLS connections are closed without draining",
					ex.toString());
			return false;
		}
	}

}
