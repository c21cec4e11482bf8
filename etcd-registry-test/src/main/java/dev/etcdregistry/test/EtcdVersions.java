package dev.etcdregistry.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of an etcd binary, asked once per binary and JVM ({@code etcd --version}), so that
 * every test run says which etcd it ran against.
 */
final class EtcdVersions {

	private static final Pattern VERSION = Pattern.compile("(?m)^etcd Version: (\\S+)");

	private static final Map<Path, String> KNOWN = new ConcurrentHashMap<>();

	private EtcdVersions() {
	}

	/**
	 * @param binary the etcd server binary
	 * @return for example {@code 3.5.16}, or {@code unknown} when the binary does not say
	 */
	static String of(Path binary) {
		return KNOWN.computeIfAbsent(binary.toAbsolutePath(), EtcdVersions::ask);
	}

	private static String ask(Path binary) {
		try {
			Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return "unknown";
			}
			return parse(output);
		}
		catch (IOException ex) {
			return "unknown";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	/** Reads the version out of what {@code etcd --version} printed. */
	static String parse(String output) {
		Matcher matcher = VERSION.matcher(output);
		return matcher.find() ? matcher.group(1) : "unknown";
	}

}
