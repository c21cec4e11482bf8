package dev.etcdregistry.console;

import java.util.ArrayList;
import java.util.List;

import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.auth.Permission;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.test.EtcdCluster;

import static dev.etcdregistry.client.EtcdConnection.bytes;

/** Starts the console the way users run it (the main class with --etcd.* arguments) and sets up etcd users. */
final class ConsoleRunner {

	private ConsoleRunner() {
	}

	static ConfigurableApplicationContext start(EtcdCluster etcd, String... extra) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--etcd.endpoints=" + etcd.endpointsAsString(), "--spring.main.banner-mode=off",
				// Selenium warns that it has no DevTools bindings for this Chromium: the tests use none
				"--logging.level.org.openqa.selenium=ERROR",
				// the starter is on the test class path for the consumer application of a test, not for the console
				"--etcd.enabled=false"));
		args.addAll(List.of(extra));
		return new SpringApplicationBuilder(ConsoleApplication.class).run(args.toArray(String[]::new));
	}

	static String base(ConfigurableApplicationContext console) {
		return "http://127.0.0.1:" + console.getEnvironment().getProperty("local.server.port");
	}

	/** A connection as root (or without credentials when etcd has auth off). */
	static EtcdConnection root(EtcdCluster etcd) {
		EtcdSettings.Builder settings = EtcdSettings.builder().endpoints(etcd.endpoints());
		if (etcd.authEnabled()) {
			settings.username(etcd.rootUser()).password(etcd.rootPassword());
		}
		return EtcdConnection.connect(settings.build());
	}

	/** Adds a user whose role may read and write only below each of {@code prefixes}. */
	static void limitedUser(EtcdConnection root, String user, String password, String... prefixes) {
		Auth auth = root.client().getAuthClient();
		String role = user + "-role";
		root.await(auth.userAdd(bytes(user), bytes(password)), "user add");
		root.await(auth.roleAdd(bytes(role)), "role add");
		for (String prefix : prefixes) {
			root.await(auth.roleGrantPermission(bytes(role), bytes(prefix), rangeEnd(prefix),
					Permission.Type.READWRITE), "grant");
		}
		root.await(auth.userGrantRole(bytes(user), bytes(role)), "grant role");
	}

	private static ByteSequence rangeEnd(String prefix) {
		byte[] end = prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		end[end.length - 1]++;
		return ByteSequence.from(end);
	}

}
