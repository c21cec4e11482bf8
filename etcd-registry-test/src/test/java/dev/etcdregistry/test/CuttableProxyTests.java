package dev.etcdregistry.test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy in front of an endpoint that is down (etcd killed): a client that connects must see
 * its connection end, as it would without the proxy — not a connection accepted and never
 * answered (a gRPC client waits for ever for the server's first frame on such a one).
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

}
