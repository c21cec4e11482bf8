package dev.etcdregistry.boot.autoconfigure.registry;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the address peers should use to reach this machine: the first site-local (private)
 * IPv4 address of an interface that is up, else any non-loopback IPv4 address, else the
 * local host's address, else loopback.
 */
final class HostAddresses {

	private static final Logger logger = LoggerFactory.getLogger(HostAddresses.class);

	private HostAddresses() {
	}

	static String detect() {
		List<InetAddress> candidates = new ArrayList<>();
		try {
			for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				if (nic.isUp() && !nic.isLoopback() && !nic.isVirtual()) {
					candidates.addAll(Collections.list(nic.getInetAddresses()));
				}
			}
		}
		catch (SocketException ex) {
			logger.debug("Could not list the network interfaces", ex);
		}
		return choose(candidates);
	}

	static String choose(List<InetAddress> candidates) {
		for (InetAddress address : candidates) {
			if (address instanceof Inet4Address && address.isSiteLocalAddress()) {
				return address.getHostAddress();
			}
		}
		for (InetAddress address : candidates) {
			if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
				return address.getHostAddress();
			}
		}
		try {
			InetAddress local = InetAddress.getLocalHost();
			logger.info("No non-loopback IPv4 address found; registering with {} (set etcd.registry.host to choose)",
					local.getHostAddress());
			return local.getHostAddress();
		}
		catch (UnknownHostException ex) {
			logger.warn("No address found for this host; registering with 127.0.0.1 (set etcd.registry.host)");
			return "127.0.0.1";
		}
	}

}
