package dev.etcdregistry.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Hands out TCP ports on the loopback interface that were free a moment ago. Another process may
 * still take one before etcd binds it, which is why cluster start retries with new ports.
 */
@FunctionalInterface
interface PortAllocator {

	int nextPort();

	/** Lets the operating system pick an unused port on 127.0.0.1. */
	static PortAllocator loopback() {
		return () -> {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not find a free port on 127.0.0.1", ex);
			}
		};
	}
}
