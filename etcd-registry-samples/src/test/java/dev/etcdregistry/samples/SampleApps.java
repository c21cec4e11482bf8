package dev.etcdregistry.samples;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.test.EtcdCluster;

/**
 * Starts sample apps the way their {@code main} does, against a test etcd and in a random
 * namespace of their own, and closes everything it started (in reverse order).
 */
public final class SampleApps implements AutoCloseable {

	private final EtcdCluster etcd;

	private final String namespace = "/it-" + UUID.randomUUID().toString().substring(0, 8);

	private final Deque<AutoCloseable> started = new ArrayDeque<>();

	private final RestClient http = RestClient.create();

	public SampleApps(EtcdCluster etcd) {
		this.etcd = etcd;
	}

	public String namespace() {
		return this.namespace;
	}

	/** Arguments pointing an app at the test etcd and this namespace. */
	public List<String> etcdArguments() {
		List<String> arguments = new ArrayList<>();
		arguments.add("--etcd.endpoints=" + this.etcd.endpointsAsString());
		arguments.add("--etcd.username=" + (this.etcd.authEnabled() ? this.etcd.rootUser() : ""));
		arguments.add("--etcd.password=" + (this.etcd.authEnabled() ? this.etcd.rootPassword() : ""));
		return arguments;
	}

	/** Starts an app on a random port; {@code extra} are more {@code --name=value} arguments. */
	public ConfigurableApplicationContext run(Class<?> application, String configName, String... extra) {
		List<String> arguments = etcdArguments();
		arguments.add("--etcd.namespace=" + this.namespace);
		arguments.add("--server.port=0");
		arguments.add("--etcd.registry.host=127.0.0.1");
		arguments.add("--spring.main.banner-mode=off");
		// several apps in one JVM share Reactor's and the JDK HTTP client's pools; Tomcat would
		// report their threads as leaked by whichever app stops first
		arguments.add("--logging.level.org.apache.catalina.loader.WebappClassLoaderBase=ERROR");
		arguments.addAll(List.of(extra));
		ConfigurableApplicationContext context = Samples.application(application, configName)
			.run(arguments.toArray(String[]::new));
		this.started.push(context);
		return context;
	}

	/** A connection of the test's own to this namespace, closed with the rest. */
	public EtcdConnection connection() {
		EtcdConnection connection = EtcdConnection.connect(EtcdSettings.builder()
			.endpoints(this.etcd.endpoints())
			.username(this.etcd.authEnabled() ? this.etcd.rootUser() : null)
			.password(this.etcd.authEnabled() ? this.etcd.rootPassword() : null)
			.namespace(this.namespace)
			.build());
		this.started.push(connection);
		return connection;
	}

	/** {@code GET http://127.0.0.1:<port of app><path>} into {@code type}. */
	public <T> T get(ConfigurableApplicationContext app, String path, Class<T> type) {
		return this.http.get().uri("http://127.0.0.1:" + Samples.port(app) + path).retrieve().body(type);
	}

	/** Closes one app now (it is not closed again later). */
	public void stop(ConfigurableApplicationContext app) {
		this.started.remove(app);
		app.close();
	}

	@Override
	public void close() {
		IllegalStateException failure = null;
		while (!this.started.isEmpty()) {
			try {
				this.started.pop().close();
			}
			catch (Exception ex) {
				failure = (failure != null) ? failure : new IllegalStateException("Could not close " + ex, ex);
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

}
