package dev.etcdregistry.test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The proxy in front of an endpoint that is down (etcd killed): a client that connects must see
 * its connection end, as it would without the proxy — not a connection accepted and never
 * answered (a gRPC client waits for ever for the server's first frame on such a one). And the
 * {@linkplain CuttableProxy#blackhole() blackhole} that makes exactly such connections on purpose.
 */
class CuttableProxyTests {

	@Test
	void aClientIsDisconnectedWhenTheEndpointBehindTheProxyIsDown() throws Exception {
		int downPort;
		try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			downPort = free.getLocalPort(); // closed again: nothing listens there
		}
		try (CuttableProxy proxy = CuttableProxy.to("http://127.0.0.1:" + downPort)) {
			URI endpoint = URI.create(proxy.endpoint());
			try (Socket client = new Socket(endpoint.getHost(), endpoint.getPort())) {
				client.setSoTimeout(10_000);
				InputStream in = client.getInputStream();
				client.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes());
				assertThat(readOrEnd(in)).as("what the client reads (-1: its connection ended)").isEqualTo(-1);
			}
		}
	}

	private static int readOrEnd(InputStream in) throws Exception {
		try {
			return in.read();
		}
		catch (SocketTimeoutException ex) {
			return -2; // still open, and silent
		}
		catch (SocketException ex) {
			return -1; // reset
		}
	}

	@Test
	void aBlackholeHoldsNewConnectionsSilentUntilTheirClientClosesThemAndResumeForwardsOnlyLaterOnes()
			throws Exception {
		try (ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				CuttableProxy proxy = CuttableProxy.to("http://127.0.0.1:" + upstream.getLocalPort())) {
			Thread greeter = new Thread(() -> {
				while (!upstream.isClosed()) {
					try {
						// an empty HTTP/2 SETTINGS frame: what etcd sends first (the proxy forwards whole frames)
						upstream.accept().getOutputStream().write(new byte[] { 0, 0, 0, 4, 0, 0, 0, 0, 0 });
					}
					catch (Exception ex) {
						// closed at the end of the test
					}
				}
			});
			greeter.setDaemon(true);
			greeter.start();
			URI endpoint = URI.create(proxy.endpoint());
			try (Socket forwarded = connect(endpoint)) {
				assertThat(readOrEnd(forwarded.getInputStream())).as("before the blackhole").isEqualTo(0);
				proxy.blackhole();
				Socket held = connect(endpoint);
				held.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes());
				assertThat(readOrEnd(held.getInputStream())).as("a held connection (-2: open and silent)").isEqualTo(-2);
				assertThat(proxy.heldConnections()).isEqualTo(1);
				proxy.resume();
				try (Socket after = connect(endpoint)) {
					assertThat(readOrEnd(after.getInputStream())).as("a connection after resume()").isEqualTo(0);
				}
				assertThat(readOrEnd(held.getInputStream())).as("the held one after resume()").isEqualTo(-2);
				held.close();
				await().atMost(Duration.ofSeconds(10)).until(() -> proxy.heldConnections() == 0);
				forwarded.getOutputStream().write('x');
				assertThat(forwarded.isClosed()).as("a connection from before the blackhole").isFalse();
			}
		}
	}

	private static Socket connect(URI endpoint) throws Exception {
		Socket socket = new Socket(endpoint.getHost(), endpoint.getPort());
		socket.setSoTimeout(2_000);
		return socket;
	}

}
