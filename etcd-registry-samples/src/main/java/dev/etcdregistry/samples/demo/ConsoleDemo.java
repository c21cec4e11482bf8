package dev.etcdregistry.samples.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigBatch;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.samples.Samples;
import dev.etcdregistry.samples.config.ConfigSampleApplication;
import dev.etcdregistry.samples.consumer.ConsumerApplication;
import dev.etcdregistry.samples.provider.ProviderApplication;

/**
 * {@code ./demo.sh console}: the samples (config sample, two providers, a consumer) keep
 * running beside the web console, started from its jar the way users run it, so a newcomer
 * opens a console that is already filled. Ctrl-C stops everything.
 */
final class ConsoleDemo {

	private final List<String> etcdArguments;

	private final String namespace;

	private final Deque<ConfigurableApplicationContext> running = new ArrayDeque<>();

	ConsoleDemo(List<String> etcdArguments, String namespace) {
		this.etcdArguments = etcdArguments;
		this.namespace = namespace;
	}

	void run(Path consoleJar, String endpoints) throws Exception {
		if (!Files.isRegularFile(consoleJar)) {
			throw new IllegalStateException("No console jar at " + consoleJar + "; build it with ./mvnw -pl "
					+ "etcd-registry-console -am package -DskipTests");
		}
		ConfigurableApplicationContext config = start(ConfigSampleApplication.class, "config-sample");
		start(ProviderApplication.class, "provider");
		start(ProviderApplication.class, "provider");
		start(ConsumerApplication.class, "consumer");
		ConfigStore store = ConfigStore.of(config.getBean(EtcdConnection.class));
		store.commit(ConfigBatch.builder()
			.put("/config/config-sample/shop/discount-percent", "15")
			.put("/config/application/shop/banner", "Black Friday")
			.put("/config/config-sample/db.password", "change-me")
			.put("/config/config-sample,prod/application.yaml", "shop:\n  discount-percent: 5\n  banner: Prod\n")
			.build());
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString(), "-jar", consoleJar.toString(), "--etcd.endpoints=" + endpoints,
				"--etcd.namespace=" + this.namespace));
		Process console = new ProcessBuilder(command).inheritIO().start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			console.destroy();
			while (!this.running.isEmpty()) {
				this.running.pop().close();
			}
		}));
		System.out.println();
		System.out.println("== The console: open http://127.0.0.1:8070 (Ctrl-C stops everything)");
		System.out.println("   the samples run beside it under namespace " + this.namespace + "; sign in with your etcd "
				+ "user (a local demo etcd has auth off: any name, no password)");
		console.waitFor();
	}

	private ConfigurableApplicationContext start(Class<?> application, String configName) {
		List<String> arguments = new ArrayList<>(this.etcdArguments);
		arguments.add("--etcd.namespace=" + this.namespace);
		arguments.add("--server.port=0");
		arguments.add("--spring.main.banner-mode=off");
		arguments.add("--logging.level.org.apache.catalina.loader.WebappClassLoaderBase=ERROR");
		ConfigurableApplicationContext context = Samples.application(application, configName)
			.run(arguments.toArray(String[]::new));
		this.running.push(context);
		System.out.println("   started " + context.getEnvironment().getProperty("spring.application.name") + " on port "
				+ Samples.port(context));
		return context;
	}

}
