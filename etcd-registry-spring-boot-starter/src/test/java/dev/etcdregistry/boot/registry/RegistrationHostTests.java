package dev.etcdregistry.boot.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.commons.util.InetUtils;
import org.springframework.cloud.commons.util.InetUtilsProperties;
import org.springframework.mock.env.MockEnvironment;

import dev.etcdregistry.boot.registry.RegistrationHost.Choice;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrationHostTests {

	private static final List<InetAddress> MACHINE = List.of(address("fe80::1"), address("192.0.2.2"),
			address("10.1.2.3"));

	@Test
	void configuredHostWinsOverEverything() {
		MockEnvironment environment = new MockEnvironment().withProperty("server.address", "127.0.0.1");
		assertThat(choose(" orders.internal ", environment, new Choice("10.9.9.9", "cloud")).host())
			.isEqualTo("orders.internal");
	}

	@Test
	void serverAddressUnlessWildcard() {
		Choice choice = choose(null, new MockEnvironment().withProperty("server.address", "127.0.0.1"), null);
		assertThat(choice.host()).isEqualTo("127.0.0.1");
		assertThat(choice.reason()).contains("server.address");
		for (String wildcard : List.of("0.0.0.0", "::", "[::]")) {
			assertThat(choose(null, new MockEnvironment().withProperty("server.address", wildcard), null).host())
				.as(wildcard)
				.isEqualTo("10.1.2.3");
		}
	}

	@Test
	void springCloudInetUtilsBeforeOwnGuess() {
		Choice choice = choose(null, new MockEnvironment(), new Choice("172.16.0.4", "Spring Cloud InetUtils"));
		assertThat(choice.host()).isEqualTo("172.16.0.4");
		assertThat(choice.reason()).contains("InetUtils");
	}

	@Test
	void inetUtilsBeanIsAskedWithItsSettings() {
		InetUtilsProperties properties = new InetUtilsProperties();
		try (InetUtils utils = new InetUtils(properties) {
			@Override
			public HostInfo findFirstNonLoopbackHostInfo() {
				HostInfo info = new HostInfo();
				info.setIpAddress("10.20.30.40");
				info.setHostname("orders-1.internal");
				return info;
			}
		}) {
			assertThat(RegistrationHost.SpringCloudInetUtils.choose(utils).host()).isEqualTo("10.20.30.40");
		}
	}

	@Test
	void firstSiteLocalThenOtherNonLoopback() {
		Choice choice = choose(null, new MockEnvironment(), null);
		assertThat(choice.host()).isEqualTo("10.1.2.3");
		assertThat(choice.reason()).contains("site-local");
		Choice other = RegistrationHost.firstAddress(List.of(address("fe80::1"), address("169.254.0.9"),
				address("203.0.113.5")));
		assertThat(other.host()).isEqualTo("203.0.113.5");
		assertThat(other.reason()).contains("no site-local");
	}

	@Test
	void hostNameWhenNotPreferringTheAddress() {
		MockEnvironment environment = new MockEnvironment().withProperty("etcd.registry.prefer-ip-address", "false");
		Choice choice = RegistrationHost.choose(null, environment, () -> new Choice("127.0.0.1", "cloud"),
				() -> MACHINE);
		assertThat(choice.host()).isEqualTo(address("127.0.0.1").getCanonicalHostName());
		assertThat(choice.reason()).contains("host name");
	}

	private static Choice choose(String configured, MockEnvironment environment, Choice cloud) {
		return RegistrationHost.choose(configured, environment, () -> cloud, () -> MACHINE);
	}

	private static InetAddress address(String text) {
		try {
			return InetAddress.getByName(text);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
