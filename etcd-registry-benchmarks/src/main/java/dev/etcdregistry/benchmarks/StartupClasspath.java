package dev.etcdregistry.benchmarks;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import dev.etcdregistry.benchmarks.startup.StartupApp;

/** The classpaths of figure 8's app: the same app jar and lib jars, with or without the starter. */
final class StartupClasspath {

	/** The jars figure 11's dependencies add (spring-cloud-* aside), by name prefix. */
	private static final String[] FIGURE_11_JARS = { "spring-web-", "spring-boot-cache-", "spring-boot-starter-cache-",
			"spring-context-support-", "spring-security-crypto-", "bcprov-", "evictor-", "reactor-core-",
			"reactor-extra-", "reactive-streams-" };

	private StartupClasspath() {
	}

	/**
	 * A jar holding only {@link StartupApp} and logback.xml: the benchmarks jar itself can't be
	 * used, its manifest Class-Path would bring the starter back; and a jar, not a directory, since
	 * CDS refuses a classpath with a non-empty directory.
	 */
	static Path appJar(Path dir) throws Exception {
		Path jar = dir.resolve("startup-app.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			for (String resource : new String[] { StartupApp.class.getName().replace('.', '/') + ".class",
					"logback.xml" }) {
				out.putNextEntry(new JarEntry(resource));
				try (InputStream in = StartupClasspath.class.getClassLoader().getResourceAsStream(resource)) {
					in.transferTo(out);
				}
				out.closeEntry();
			}
		}
		return jar;
	}

	/** The app jar and the lib jars, without the starter and core jars if so asked. */
	static List<String> of(Path appJar, boolean withStarter) throws Exception {
		Path codeSource = Path.of(StartupClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		List<String> entries = new ArrayList<>(List.of(appJar.toString()));
		Path lib = codeSource.getParent().resolve("lib");
		try (Stream<Path> files = Files.list(lib)) {
			files.map(Path::toString)
				.filter((name) -> name.endsWith(".jar"))
				.filter((name) -> withStarter || !isEtcdRegistry(name))
				// figure 9's Spring Cloud is not part of the app whose startup figure 8 measures
				.filter((name) -> !Path.of(name).getFileName().toString().startsWith("spring-cloud-"))
				// nor figure 11's LoadBalancer and web client with what they bring
				.filter((name) -> !isLoadBalancerFigure(Path.of(name).getFileName().toString()))
				.sorted()
				.forEach(entries::add);
		}
		return entries;
	}

	private static boolean isLoadBalancerFigure(String jar) {
		for (String prefix : FIGURE_11_JARS) {
			if (jar.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isEtcdRegistry(String path) {
		String name = Path.of(path).getFileName().toString();
		return name.startsWith("etcd-registry-spring-boot-starter") || name.startsWith("etcd-registry-core");
	}

}
