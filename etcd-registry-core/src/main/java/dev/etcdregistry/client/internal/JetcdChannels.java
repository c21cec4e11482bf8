package dev.etcdregistry.client.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

import io.etcd.jetcd.Client;
import io.grpc.ManagedChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a jetcd client's gRPC channel to new connections. jetcd does not expose its channel:
 * it is read by reflection from jetcd 0.8.x's {@code ClientImpl.connectionManager.getChannel()},
 * as {@link JetcdAuth} reads it. {@link ManagedChannel#enterIdle()} is gRPC's graceful move:
 * the next call opens new connections, calls in flight finish on the old ones, which close when
 * idle.
 */
public final class JetcdChannels {

	private static final Logger logger = LoggerFactory.getLogger(JetcdChannels.class);

	private JetcdChannels() {
	}

	/**
	 * @param client a client built by jetcd's {@code Client.builder()}
	 * @return whether the channel was found and moved; {@code false} (logged at debug) on
	 * another jetcd layout
	 */
	public static boolean enterIdle(Client client) {
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
			logger.debug("Could not reach the gRPC channel of jetcd's {} ({}); its connections stay as they are",
					client.getClass().getName(), ex.toString());
			return false;
		}
	}

}
