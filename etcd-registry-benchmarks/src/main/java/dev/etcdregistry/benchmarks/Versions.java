package dev.etcdregistry.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions worth printing next to the figures. */
final class Versions {

	private Versions() {
	}

	static String project() {
		try (InputStream in = Versions.class
			.getResourceAsStream("/META-INF/maven/dev.etcdregistry/etcd-registry-benchmarks/pom.properties")) {
			if (in == null) {
				return "(unknown)";
			}
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
		catch (IOException ex) {
			return "(unknown)";
		}
	}

	static String etcd(String binary) {
		try {
			Process process = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes()).lines()
				.filter((line) -> line.startsWith("etcd Version"))
				.findFirst()
				.orElse("etcd (unknown version)");
			process.waitFor();
			return out.replace("etcd Version: ", "etcd ");
		}
		catch (IOException ex) {
			return "etcd (unknown version)";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "etcd (unknown version)";
		}
	}

}
