package dev.etcdregistry.samples.demo;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import dev.etcdregistry.Subscription;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigBatch;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.samples.Samples;
import dev.etcdregistry.samples.config.ConfigSampleApplication;
import dev.etcdregistry.samples.config.CurrentConfig;
import dev.etcdregistry.samples.consumer.ConsumerApplication;
import dev.etcdregistry.samples.consumer.GreetingClient;
import dev.etcdregistry.samples.consumer.GreetingReply;
import dev.etcdregistry.samples.provider.ProviderApplication;

/**
 * The Spring Boot samples' story, told in the terminal: the config sample follows a live change
 * written to etcd; two providers register, the consumer discovers them and alternates between
 * them; one provider stops and the consumer's next calls all go to the other. Every app runs in
 * this JVM as its own Spring context, talking to the others over HTTP and etcd only.
 */
public final class SamplesDemo {

	private static final long WAIT_MILLIS = 15_000;

	private final PrintStream out;

	private final List<String> etcdArguments;

	private final String namespace;

	private final Deque<ConfigurableApplicationContext> running = new ArrayDeque<>();

	private final RestClient http = RestClient.create();

	private ConfigStore etcd;

	/**
	 * @param out where the story goes
	 * @param etcdArguments arguments pointing the apps at etcd (may be empty)
	 * @param namespace the etcd namespace for this run, e.g. {@code /demo-1}
	 */
	public SamplesDemo(PrintStream out, List<String> etcdArguments, String namespace) {
		this.out = out;
		this.etcdArguments = etcdArguments;
		this.namespace = namespace;
	}

	/** Runs the story; every app started is closed again, also on failure. */
	public void run() {
		try {
			configCenter(start(ConfigSampleApplication.class, "config-sample"));
			serviceRegistry();
		}
		finally {
			step("Shutdown");
			if (this.etcd != null) {
				this.etcd.deletePrefix("/config/");
				this.etcd.deletePrefix("/features/");
				say("deleted the demo's keys under " + this.namespace + "/config/ and " + this.namespace + "/features/");
			}
			while (!this.running.isEmpty()) {
				ConfigurableApplicationContext context = this.running.pop();
				context.close();
				say("stopped " + context.getEnvironment().getProperty("spring.application.name"));
			}
		}
		step("Done.");
	}

	private void configCenter(ConfigurableApplicationContext app) {
		step("Config center (dev.etcdregistry.samples.config)");
		int port = Samples.port(app);
		say("config-sample listens on port " + port + "; GET /config -> " + get(port, "/config"));
		Map<String, String> changes = new LinkedHashMap<>();
		changes.put("/config/config-sample/shop/discount-percent", "15");
		changes.put("/config/application/shop/banner", "Black Friday");
		changes.put("/features/greeting", "Hello from etcd");
		changes.put("/features/new-checkout", "true");
		ConfigBatch.Builder batch = ConfigBatch.builder();
		changes.forEach(batch::put);
		say("writing " + changes.size() + " keys in one etcd transaction (ConfigStore.commit); with etcdctl:");
		EtcdSettings settings = app.getBean(EtcdSettings.class);
		String etcdctl = "etcdctl --endpoints=" + settings.endpointsAsString()
				+ ((settings.username() != null) ? " --user=" + settings.username() : "");
		changes.forEach((key, value) -> say("  " + etcdctl + " put " + this.namespace + key + " '" + value + "'"));
		CurrentConfig expected = new CurrentConfig("Hello from etcd", true, 15, "Black Friday");
		long written = System.nanoTime();
		this.etcd = ConfigStore.of(app.getBean(EtcdConnection.class));
		this.etcd.commit(batch.build());
		await("the config change to reach config-sample",
				() -> expected.equals(this.http.get().uri(url(port, "/config")).retrieve().body(CurrentConfig.class)));
		say("GET /config -> " + get(port, "/config") + "  (" + millisSince(written)
				+ " ms after the write, no restart)");
	}

	private void serviceRegistry() {
		step("Service registry (dev.etcdregistry.samples.provider x2, dev.etcdregistry.samples.consumer)");
		ConfigurableApplicationContext first = start(ProviderApplication.class, "provider");
		ConfigurableApplicationContext second = start(ProviderApplication.class, "provider");
		describeProvider(first);
		describeProvider(second);
		Registration registration = first.getBean(Registration.class);
		say("the value under the first key, a superset of the tutorial's {host, port}: " + this.etcd
			.get("/services/" + registration.getServiceId() + "/" + registration.getInstanceId())
			.orElse("(missing)"));
		ConfigurableApplicationContext consumer = start(ConsumerApplication.class, "consumer");
		GreetingClient greetings = consumer.getBean(GreetingClient.class);
		await("the consumer to discover both providers", () -> greetings.instances().size() == 2);
		say("consumer discovers " + GreetingClient.SERVICE + ": " + describe(greetings.instances()));
		int consumerPort = Samples.port(consumer);
		say("6 calls to GET /call on the consumer (@LoadBalanced RestClient, http://" + GreetingClient.SERVICE
				+ "/hello):");
		call(consumerPort, 6);

		String leaving = second.getBean(Registration.class).getInstanceId();
		AtomicLong noticed = new AtomicLong();
		Subscription subscription = consumer.getBean(ServiceDiscovery.class)
			.addListener(GreetingClient.SERVICE, (event) -> {
				if (!event.removed().isEmpty()) {
					noticed.compareAndSet(0, System.nanoTime());
				}
			});
		try {
			long stopping = System.nanoTime();
			second.close();
			this.running.remove(second);
			long stopped = System.nanoTime();
			await("the consumer to see the provider leave", () -> noticed.get() != 0);
			say("stopped " + leaving + " (shutdown took " + TimeUnit.NANOSECONDS.toMillis(stopped - stopping)
					+ " ms); the consumer's discovery saw it leave "
					+ TimeUnit.NANOSECONDS.toMillis(noticed.get() - stopping)
					+ " ms after the stop began: deregistered and its lease revoked, not left to expire");
		}
		finally {
			subscription.close();
		}
		say("consumer discovers " + GreetingClient.SERVICE + ": " + describe(greetings.instances()));
		say("4 more calls:");
		call(consumerPort, 4);
	}

	private void describeProvider(ConfigurableApplicationContext provider) {
		Registration registration = provider.getBean(Registration.class);
		long lease = provider.getBean(ServiceRegistry.class).leaseId().orElse(0);
		say("provider registered: " + registration.getInstanceId() + " at " + registration.getHost() + ":"
				+ registration.getPort() + ", lease " + Long.toHexString(lease) + ", key " + this.namespace
				+ "/services/" + registration.getServiceId() + "/" + registration.getInstanceId());
	}

	private void call(int consumerPort, int times) {
		for (int i = 1; i <= times; i++) {
			GreetingReply reply = this.http.get().uri(url(consumerPort, "/call")).retrieve().body(GreetingReply.class);
			say("  call " + i + " -> " + reply.instanceId() + " (port " + reply.port() + "): " + reply.message());
		}
	}

	private ConfigurableApplicationContext start(Class<?> application, String configName) {
		List<String> arguments = new ArrayList<>(this.etcdArguments);
		arguments.add("--etcd.namespace=" + this.namespace);
		arguments.add("--server.port=0");
		arguments.add("--spring.main.banner-mode=off");
		// Several apps in one JVM: Tomcat would take the JVM-wide Reactor and HTTP client pools
		// for threads each app leaked
		arguments.add("--logging.level.org.apache.catalina.loader.WebappClassLoaderBase=ERROR");
		ConfigurableApplicationContext context = Samples.application(application, configName)
			.run(arguments.toArray(String[]::new));
		this.running.push(context);
		return context;
	}

	private static List<String> describe(List<ServiceInstance> instances) {
		return instances.stream().map((instance) -> instance.getInstanceId() + " " + instance.getUri()).toList();
	}

	private String get(int port, String path) {
		return this.http.get().uri(url(port, path)).retrieve().body(String.class);
	}

	private static String url(int port, String path) {
		return "http://127.0.0.1:" + port + path;
	}

	private static void await(String what, Supplier<Boolean> condition) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
		while (!condition.get()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Gave up waiting for " + what + " after " + WAIT_MILLIS + " ms");
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + what, ex);
			}
		}
	}

	private static long millisSince(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

	private void step(String title) {
		this.out.println();
		this.out.println("== " + title);
	}

	private void say(String line) {
		this.out.println("   " + line);
	}

}
