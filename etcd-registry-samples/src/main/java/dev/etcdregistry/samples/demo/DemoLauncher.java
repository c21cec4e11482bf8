package dev.etcdregistry.samples.demo;

import java.nio.file.Path;
import java.util.UUID;

import dev.etcdregistry.samples.core.CoreDemo;

/**
 * Entry point of {@code ./demo.sh}: without arguments the Spring Boot samples' story
 * ({@link SamplesDemo}); with {@code core} the core library's console demo ({@link CoreDemo}); with
 * {@code console} the samples kept running beside the web console ({@link ConsoleDemo}).
 */
public final class DemoLauncher {

	private DemoLauncher() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("core")) {
			CoreDemo.main(new String[0]);
			return;
		}
		if (args.length > 0 && args[0].equals("console")) {
			try (DemoEtcd etcd = DemoEtcd.resolve()) {
				String namespace = "/demo-" + UUID.randomUUID().toString().substring(0, 8);
				System.out.println("Using " + etcd.description() + ", keys under namespace " + namespace);
				new ConsoleDemo(etcd.arguments(), namespace).run(Path.of(System.getProperty("console.jar",
						"etcd-registry-console/target/etcd-registry-console.jar")), etcd.endpoints());
			}
			return;
		}
		if (args.length > 0) {
			System.err.println("Usage: ./demo.sh [core|console]");
			System.exit(2);
		}
		try (DemoEtcd etcd = DemoEtcd.resolve()) {
			String namespace = "/demo-" + UUID.randomUUID().toString().substring(0, 8);
			System.out.println("Using " + etcd.description() + ", keys under namespace " + namespace);
			new SamplesDemo(System.out, etcd.arguments(), namespace).run();
		}
	}

}
