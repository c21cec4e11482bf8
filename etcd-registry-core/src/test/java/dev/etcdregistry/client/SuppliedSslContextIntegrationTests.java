package dev.etcdregistry.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLEngine;

import io.etcd.jetcd.Watch;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.PutOption;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.test.TestCertificates;

import static dev.etcdregistry.client.EtcdConnection.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A connection whose TLS is a supplied Netty {@link SslContext} against a mutual-TLS etcd: it
 * connects and reports the client certificate, and {@link EtcdConnection#renewConnections()}
 * makes new calls shake hands again while a watch and a lease keep-alive opened before go on.
 */
@EtcdTest(clientCertAuth = true)
@Timeout(90)
class SuppliedSslContextIntegrationTests {

	@Test
	void connectsWithASuppliedContext(EtcdCluster etcd) throws Exception {
		TlsSettings tls = TlsSettings.builder().sslContext(context(etcd.certificates(), true), true).build();
		assertThat(tls.presentsClientCertificate()).isTrue();
		try (EtcdConnection connection = EtcdConnection.connect(settings(etcd, tls))) {
			ConfigStore store = ConfigStore.of(connection);
			store.put("/config/supplied/a", "yes");
			assertThat(store.get("/config/supplied/a")).contains("yes");
		}
	}

	@Test
	void aSuppliedContextWithoutTheClientCertificateIsRefusedAsUnreachable(EtcdCluster etcd) throws Exception {
		// no probe of our own with a context we can't rebuild: the supplier diagnoses (the starter does)
		TlsSettings tls = TlsSettings.builder().sslContext(context(etcd.certificates(), false), false).build();
		EtcdSettings settings = EtcdSettings.builder()
			.endpoints(etcd.endpoints())
			.tls(tls)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		assertThatThrownBy(() -> EtcdConnection.connect(settings))
			.isInstanceOfSatisfying(EtcdRegistryException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNREACHABLE))
			.hasMessageContaining(etcd.endpointsAsString());
	}

	@Test
	void renewConnectionsMakesNewCallsShakeHandsAgainWhileAWatchAndALeaseGoOn(EtcdCluster etcd) throws Exception {
		AtomicInteger handshakes = new AtomicInteger();
		SslContext counting = new DelegatingSslContext(context(etcd.certificates(), true)) {
			@Override
			protected void initEngine(SSLEngine engine) {
				handshakes.incrementAndGet();
			}
		};
		TlsSettings tls = TlsSettings.builder().sslContext(counting, true).build();
		try (EtcdConnection connection = EtcdConnection.connect(settings(etcd, tls))) {
			List<String> seen = new CopyOnWriteArrayList<>();
			try (Watch.Watcher watcher = connection.client()
				.getWatchClient()
				.watch(bytes("/renew/watched"), (response) -> response.getEvents()
					.forEach((event) -> seen.add(event.getKeyValue().getValue().toString())))) {
				long lease = connection.await(connection.client().getLeaseClient().grant(3), "grant").getID();
				AtomicInteger keptAlive = new AtomicInteger();
				try (var keepAlive = connection.client().getLeaseClient().keepAlive(lease, new Counting(keptAlive))) {
					connection.await(connection.client().getKVClient().put(bytes("/renew/leased"), bytes("x"),
							PutOption.builder().withLeaseId(lease).build()), "put of '/renew/leased'");
					int before = handshakes.get();

					assertThat(connection.renewConnections()).isTrue();
					connection.await(connection.client().getKVClient().put(bytes("/renew/watched"), bytes("after")),
							"put of '/renew/watched'");

					assertThat(handshakes.get()).as("the put after renewing opened a new connection")
						.isGreaterThan(before);
					await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("after"));
					int keepAlivesAtRenewal = keptAlive.get();
					// a 3 s lease answered every second: two more answers, and the key outlives the lease's TTL
					await().atMost(Duration.ofSeconds(20)).until(() -> keptAlive.get() >= keepAlivesAtRenewal + 4);
					assertThat(connection.await(connection.client().getKVClient().get(bytes("/renew/leased")),
							"get of '/renew/leased'").getKvs()).hasSize(1);
				}
			}
		}
	}

	@Test
	void renewConnectionsOnAClosedConnectionFails(EtcdCluster etcd) throws Exception {
		TlsSettings tls = TlsSettings.builder().sslContext(context(etcd.certificates(), true), true).build();
		EtcdConnection connection = EtcdConnection.connect(settings(etcd, tls));
		connection.close();
		assertThatThrownBy(connection::renewConnections).isInstanceOfSatisfying(EtcdRegistryException.class,
				(ex) -> assertThat(ex.reason()).isEqualTo(Reason.CLOSED));
	}

	private static SslContext context(TestCertificates certs, boolean withClientCertificate) throws Exception {
		var builder = GrpcSslContexts.forClient().trustManager(certs.caFile().toFile());
		if (withClientCertificate) {
			builder.keyManager(certs.clientCertFile().toFile(), certs.clientKeyFile().toFile());
		}
		return builder.build();
	}

	private static EtcdSettings settings(EtcdCluster etcd, TlsSettings tls) {
		return EtcdSettings.builder().endpoints(etcd.endpoints()).tls(tls).connectTimeout(Duration.ofSeconds(3)).build();
	}

	private record Counting(AtomicInteger count) implements StreamObserver<LeaseKeepAliveResponse> {

		@Override
		public void onNext(LeaseKeepAliveResponse response) {
			this.count.incrementAndGet();
		}

		@Override
		public void onError(Throwable error) {
		}

		@Override
		public void onCompleted() {
		}

	}

}
