package dev.etcdregistry.boot.connection;

import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.auth.Permission;
import io.etcd.jetcd.options.GetOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import dev.etcdregistry.boot.testsupport.EtcdApps;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.WatchActivity;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.test.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A running application whose etcd client certificate comes from a reloadable PEM SSL bundle
 * ({@code etcd.ssl.bundle}) against etcd with {@code --client-cert-auth} and authentication, where
 * etcd takes the user from the certificate's common name. The certificate files are replaced
 * from one for user A to one for user B, and only B may write {@code /data/}: the write succeeds
 * without a restart, the streams opened with A's certificate move to a new connection, and the
 * registration (same lease, never re-put) carries on.
 */
@EtcdTest(clientCertAuth = true, auth = true)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SslBundleReloadIntegrationTests {

	private final String suffix = UUID.randomUUID().toString().substring(0, 8);

	private final String userA = "cert-a-" + this.suffix;

	private final String userB = "cert-b-" + this.suffix;

	@TempDir
	Path dir;

	@Test
	void aRotatedClientCertificateTakesEffectWithoutRestart(EtcdCluster etcd) throws Exception {
		TestCertificates certs = etcd.certificates();
		issue(certs, "a", this.userA);
		issue(certs, "b", this.userB);
		Path live = Files.createDirectories(this.dir.resolve("live"));
		Files.copy(this.dir.resolve("a.pem"), live.resolve("client.pem"));
		Files.copy(this.dir.resolve("a-key.pem"), live.resolve("client-key.pem"));
		try (EtcdApps apps = new EtcdApps(etcd)) {
			String ns = apps.namespace();
			grantUsers(apps.raw(), ns);
			String bundle = "spring.ssl.bundle.pem.etcd";
			ConfigurableApplicationContext context = apps.run(App.class, false, "etcd.ssl.bundle=etcd",
					bundle + ".truststore.certificate=file:" + certs.caFile(),
					bundle + ".keystore.certificate=file:" + live.resolve("client.pem"),
					bundle + ".keystore.private-key=file:" + live.resolve("client-key.pem"),
					bundle + ".reload-on-update=true", "spring.ssl.bundle.watch.file.quiet-period=200ms",
					"etcd.registry.register=true", "etcd.registry.service-name=rotating", "etcd.registry.port=8080");
			Client client = context.getBean(Client.class);
			assertThatExceptionOfType(ExecutionException.class).as("user A may not write /data/")
				.isThrownBy(() -> put(client))
				.withMessageContaining("permission denied");
			KeyValue registered = await().until(() -> registration(apps.raw(), ns), (kv) -> kv != null);
			WatchActivity watches = context.getBean(EtcdConnection.class).watchActivity();
			assertThat(watches.watches()).as("the overrides watch, a stream on the old connection").isPositive();
			long resumed = watches.resumptions();

			// rotate: the files now hold B's certificate and key
			Files.copy(this.dir.resolve("b-key.pem"), live.resolve("client-key.pem"), StandardCopyOption.REPLACE_EXISTING);
			Files.copy(this.dir.resolve("b.pem"), live.resolve("client.pem"), StandardCopyOption.REPLACE_EXISTING);

			await().atMost(60, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS).ignoreExceptions()
				.untilAsserted(() -> put(client));
			// the old connection is closed after the drain: its streams (watch, lease keep-alive) resume on a new one
			await().atMost(60, TimeUnit.SECONDS).until(watches::resumptions, (count) -> count > resumed);
			KeyValue after = registration(apps.raw(), ns);
			assertThat(after).as("still registered").isNotNull();
			assertThat(after.getLease()).as("same lease: nothing was re-registered").isEqualTo(registered.getLease());
			assertThat(after.getModRevision()).as("not put again").isEqualTo(registered.getModRevision());
		}
	}

	/**
	 * A call made at once after the update goes to a new connection with the new certificate
	 * (the channel was drained), instead of failing on the old connection being closed.
	 */
	@Test
	void aCallRightAfterTheUpdateUsesTheNewCertificateAndDoesNotFail(EtcdCluster etcd) throws Exception {
		TestCertificates certs = etcd.certificates();
		issue(certs, "a", this.userA);
		issue(certs, "b", this.userB);
		try (EtcdApps apps = new EtcdApps(etcd)) {
			grantUsers(apps.raw(), apps.namespace());
			String bundle = "spring.ssl.bundle.pem.etcd";
			ConfigurableApplicationContext context = apps.run(App.class, false, "etcd.ssl.bundle=etcd",
					bundle + ".truststore.certificate=file:" + certs.caFile(),
					bundle + ".keystore.certificate=file:" + this.dir.resolve("a.pem"),
					bundle + ".keystore.private-key=file:" + this.dir.resolve("a-key.pem"));
			Client client = context.getBean(Client.class);
			client.getKVClient().get(bytes("/data/k")).get(10, TimeUnit.SECONDS);
			// what Boot's file watch does on a change, here on this thread: the handlers run before it returns
			SslBundle renewed = SslBundle.of(new PemSslStoreBundle(
					PemSslStoreDetails.forCertificate("file:" + this.dir.resolve("b.pem"))
						.withPrivateKey("file:" + this.dir.resolve("b-key.pem")),
					PemSslStoreDetails.forCertificate("file:" + certs.caFile())));
			context.getBean(SslBundleRegistry.class).updateBundle("etcd", renewed);
			put(client);
			assertThat(apps.raw().getKVClient().get(bytes(apps.namespace() + "/data/k")).get(10, TimeUnit.SECONDS)
				.getKvs()).singleElement()
				.satisfies((kv) -> assertThat(kv.getValue().toString(StandardCharsets.UTF_8)).isEqualTo("written by B"));
		}
	}

	private static void put(Client client) throws Exception {
		client.getKVClient().put(bytes("/data/k"), bytes("written by B")).get(10, TimeUnit.SECONDS);
	}

	private KeyValue registration(Client raw, String ns) throws Exception {
		List<KeyValue> kvs = raw.getKVClient()
			.get(bytes(ns + "/services/rotating/"), GetOption.builder().isPrefix(true).build())
			.get(10, TimeUnit.SECONDS)
			.getKvs();
		return kvs.isEmpty() ? null : kvs.get(0);
	}

	/** Both users read the namespace and register; only B writes under /data/. */
	private void grantUsers(Client root, String ns) throws Exception {
		Auth auth = root.getAuthClient();
		ByteSequence base = bytes("base-" + this.suffix);
		ByteSequence writer = bytes("writer-" + this.suffix);
		auth.roleAdd(base).get(10, TimeUnit.SECONDS);
		auth.roleAdd(writer).get(10, TimeUnit.SECONDS);
		grant(auth, base, ns + "/", Permission.Type.READ);
		grant(auth, base, ns + "/services/", Permission.Type.READWRITE);
		grant(auth, writer, ns + "/data/", Permission.Type.READWRITE);
		for (String user : new String[] { this.userA, this.userB }) {
			auth.userAdd(bytes(user), bytes(UUID.randomUUID().toString())).get(10, TimeUnit.SECONDS);
			auth.userGrantRole(bytes(user), base).get(10, TimeUnit.SECONDS);
		}
		auth.userGrantRole(bytes(this.userB), writer).get(10, TimeUnit.SECONDS);
	}

	private static void grant(Auth auth, ByteSequence role, String prefix, Permission.Type type) throws Exception {
		byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
		end[end.length - 1]++;
		auth.roleGrantPermission(role, bytes(prefix), ByteSequence.from(end), type).get(10, TimeUnit.SECONDS);
	}

	/** A client certificate for {@code user} (its common name) signed by the test CA. */
	private void issue(TestCertificates certs, String name, String user) throws Exception {
		Files.writeString(this.dir.resolve(name + ".ext"), "extendedKeyUsage=clientAuth\n");
		openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
				name + "-key.pem", "-out", name + ".csr", "-subj", "/CN=" + user);
		openssl("x509", "-req", "-in", name + ".csr", "-CA", certs.caFile().toString(), "-CAkey",
				certs.dir().resolve("ca-key.pem").toString(), "-set_serial", String.valueOf(System.nanoTime()),
				"-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
	}

	private void openssl(String... args) throws Exception {
		List<String> command = new java.util.ArrayList<>(List.of("openssl"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(this.dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(Redirect.appendTo(this.dir.resolve("openssl.log").toFile()))
			.start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(Files.readString(this.dir.resolve("openssl.log"))).isZero();
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
