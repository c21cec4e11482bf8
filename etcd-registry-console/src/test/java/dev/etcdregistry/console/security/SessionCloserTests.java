package dev.etcdregistry.console.security;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.session.HttpSessionDestroyedEvent;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.console.EtcdSession;

import static org.assertj.core.api.Assertions.assertThat;

/** An HTTP session that ends (sign-out or expiry) closes the etcd connection made for it. */
class SessionCloserTests {

	@Test
	void closesTheEtcdConnectionOfAnEndedSession() {
		// opened, never checked: no etcd needed to see it closed
		EtcdConnection connection = EtcdConnection
			.open(EtcdSettings.builder().endpoints("http://127.0.0.1:1").build());
		EtcdSession etcd = new EtcdSession("alice", true, connection);
		MockHttpSession session = new MockHttpSession();
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(UsernamePasswordAuthenticationToken
					.authenticated(new ConsoleUser("alice", etcd), null, List.of())));
		new SessionCloser().onApplicationEvent(new HttpSessionDestroyedEvent(session));
		assertThat(etcd.isClosed()).isTrue();
		assertThat(connection.isClosed()).isTrue();
	}

	@Test
	void aSerializedSessionDoesNotCarryTheConnection() throws Exception {
		EtcdConnection connection = EtcdConnection
			.open(EtcdSettings.builder().endpoints("http://127.0.0.1:1").build());
		try (EtcdSession etcd = new EtcdSession("alice", true, connection)) {
			java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
			try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
				out.writeObject(new ConsoleUser("alice", etcd));
			}
			try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
					new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
				ConsoleUser restored = (ConsoleUser) in.readObject();
				assertThat(restored.getName()).isEqualTo("alice");
				assertThat(restored.etcd()).isNull();
			}
		}
	}

}
