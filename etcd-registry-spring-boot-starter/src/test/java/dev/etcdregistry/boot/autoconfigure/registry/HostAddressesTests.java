package dev.etcdregistry.boot.autoconfigure.registry;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostAddressesTests {

	@Test
	void prefersSiteLocalIpv4() throws Exception {
		assertThat(HostAddresses.choose(List.of(address("fe80::1"), address("203.0.113.5"), address("192.168.1.20"),
				address("10.0.0.3"))))
			.isEqualTo("192.168.1.20");
	}

	@Test
	void fallsBackToAnyRoutableIpv4() throws Exception {
		assertThat(HostAddresses.choose(List.of(address("fe80::1"), address("169.254.0.9"), address("203.0.113.5"))))
			.isEqualTo("203.0.113.5");
	}

	@Test
	void fallsBackToTheLocalHostWithoutCandidates() throws Exception {
		String expected;
		try {
			expected = InetAddress.getLocalHost().getHostAddress();
		}
		catch (java.net.UnknownHostException ex) {
			expected = "127.0.0.1";
		}
		assertThat(HostAddresses.choose(List.of())).isEqualTo(expected);
	}

	@Test
	void detectsSomething() {
		assertThat(HostAddresses.detect()).isNotBlank().doesNotContain(" ");
	}

	private static InetAddress address(String literal) throws Exception {
		return InetAddress.getByName(literal);
	}

}
