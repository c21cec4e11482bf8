package dev.etcdregistry.boot.registry;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The address this application registers for peers to call, and why. In order:
 * {@code etcd.registry.host} when set; {@code server.address} when set and not a wildcard (the
 * server listens there only, so nothing else would work); Spring Cloud's {@code InetUtils}
 * bean when Spring Cloud Commons is present (it honours
 * {@code spring.cloud.inetutils.ignored-interfaces}, {@code preferred-networks} and
 * {@code use-only-site-local-interfaces}); otherwise the first site-local (private) IPv4
 * address of an interface that is up, then any other non-loopback IPv4 one. With
 * {@code etcd.registry.prefer-ip-address=false} the host name is registered instead of the
 * address. One INFO line says which was taken and why.
 */
final class RegistrationHost {

	private static final Logger logger = LoggerFactory.getLogger(RegistrationHost.class);

	private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0", "*");

	private static final String INET_UTILS = "org.springframework.cloud.commons.util.InetUtils";

	/** The address and the reason it was taken. */
	public record Choice(String host, String reason) {
	}

	private RegistrationHost() {
	}

	/**
	 * Chooses the address to register and logs the choice.
	 * @param configured {@code etcd.registry.host}, may be {@code null}
	 * @param environment for {@code server.address} and {@code etcd.registry.prefer-ip-address}
	 * @param beans where Spring Cloud's {@code InetUtils} bean may be, may be {@code null}
	 */
	public static String resolve(String configured, Environment environment, BeanFactory beans) {
		Choice choice = choose(configured, environment, () -> inetUtils(beans), RegistrationHost::interfaces);
		logger.info("Registering with host {}: {}", choice.host(), choice.reason());
		return choice.host();
	}

	static Choice choose(String configured, Environment environment, Supplier<Choice> inetUtils,
			Supplier<List<InetAddress>> interfaces) {
		if (StringUtils.hasText(configured)) {
			return new Choice(configured.trim(), "etcd.registry.host is set");
		}
		boolean preferIp = environment.getProperty("etcd.registry.prefer-ip-address", Boolean.class, true);
		String serverAddress = environment.getProperty("server.address");
		if (StringUtils.hasText(serverAddress) && !WILDCARDS.contains(serverAddress.trim())) {
			return new Choice(serverAddress.trim(), "server.address is set (the web server listens there only)");
		}
		Choice fromSpringCloud = inetUtils.get();
		if (fromSpringCloud != null) {
			return preferIp ? fromSpringCloud : new Choice(hostName(fromSpringCloud.host()), fromSpringCloud.reason()
					+ ", as host name (etcd.registry.prefer-ip-address=false)");
		}
		Choice local = firstAddress(interfaces.get());
		return preferIp ? local : new Choice(hostName(local.host()),
				local.reason() + ", as host name (etcd.registry.prefer-ip-address=false)");
	}

	static Choice firstAddress(List<InetAddress> candidates) {
		for (InetAddress address : candidates) {
			if (address instanceof java.net.Inet4Address && address.isSiteLocalAddress()) {
				return new Choice(address.getHostAddress(), "first site-local IPv4 address of this machine "
						+ "(set etcd.registry.host or server.address to choose another)");
			}
		}
		for (InetAddress address : candidates) {
			if (address instanceof java.net.Inet4Address && !address.isLoopbackAddress()
					&& !address.isLinkLocalAddress()) {
				return new Choice(address.getHostAddress(), "no site-local IPv4 address; first other non-loopback "
						+ "IPv4 address (set etcd.registry.host or server.address if peers can't reach it)");
			}
		}
		try {
			return new Choice(InetAddress.getLocalHost().getHostAddress(),
					"no non-loopback IPv4 address; the local host's address (set etcd.registry.host)");
		}
		catch (UnknownHostException ex) {
			return new Choice("127.0.0.1", "no address found for this host; loopback (set etcd.registry.host)");
		}
	}

	private static String hostName(String address) {
		try {
			return InetAddress.getByName(address).getCanonicalHostName();
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

	private static List<InetAddress> interfaces() {
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
		return candidates;
	}

	private static Choice inetUtils(BeanFactory beans) {
		if (beans == null || !ClassUtils.isPresent(INET_UTILS, RegistrationHost.class.getClassLoader())) {
			return null;
		}
		return SpringCloudInetUtils.choose(beans);
	}

	/** Kept apart so that nothing loads InetUtils without Spring Cloud Commons. */
	static final class SpringCloudInetUtils {

		static Choice choose(BeanFactory beans) {
			org.springframework.cloud.commons.util.InetUtils utils = beans
				.getBeanProvider(org.springframework.cloud.commons.util.InetUtils.class)
				.getIfAvailable();
			if (utils == null) {
				return null;
			}
			return choose(utils);
		}

		static Choice choose(org.springframework.cloud.commons.util.InetUtils utils) {
			org.springframework.cloud.commons.util.InetUtils.HostInfo info = utils.findFirstNonLoopbackHostInfo();
			return (info != null && info.getIpAddress() != null) ? new Choice(info.getIpAddress(),
					"Spring Cloud InetUtils (spring.cloud.inetutils.* chooses the interface)") : null;
		}

	}

}
