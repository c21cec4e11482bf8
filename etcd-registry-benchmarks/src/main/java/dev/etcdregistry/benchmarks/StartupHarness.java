package dev.etcdregistry.benchmarks;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.etcdregistry.benchmarks.startup.StartupApp;

/**
 * Figure 8 and the idle footprint: JVM start → {@code ApplicationReadyEvent} of
 * {@link StartupApp} in fresh JVMs, with the starter (connection, {@code spring.config.import=etcd:},
 * registration, discovery) and without it (the same app; the starter and core jars left off the
 * classpath), interleaved. Also the heap used after GC and the thread count at that moment.
 */
final class StartupHarness {

	private final Bench bench;

	StartupHarness(Bench bench) {
		this.bench = bench;
	}

	void run() throws Exception {
		List<String> with = classpath(true);
		List<String> without = classpath(false);
		String[] withArgs = { "--etcd.endpoints=" + this.bench.endpointsProperty(), "--spring.config.import=etcd:",
				"--etcd.registry.register=true", "--etcd.registry.port=9400", "--etcd.registry.host=127.0.0.1" };
		String[] withoutArgs = {};
		List<long[]> withRuns = new ArrayList<>();
		List<long[]> withoutRuns = new ArrayList<>();
		int runs = this.bench.samples(10) + 1;
		for (int i = 0; i < runs; i++) {
			long[] a = start(without, withoutArgs);
			long[] b = start(with, withArgs);
			if (i > 0) {
				withoutRuns.add(a);
				withRuns.add(b);
			}
		}
		Stats withStats = Stats.of(withRuns.stream().map((r) -> (double) r[0]).toList());
		Stats withoutStats = Stats.of(withoutRuns.stream().map((r) -> (double) r[0]).toList());
		this.bench.report.add(new Row("8. Spring Boot startup to ApplicationReadyEvent, with the starter", "ms",
				withStats, "same app without the starter", withoutStats, "≤ +500 ms",
				Bench.verdict(withStats.p50() - withoutStats.p50() <= 500)
						+ String.format(" (+%.0f ms p50)", withStats.p50() - withoutStats.p50())));
		Stats heapWith = Stats.of(withRuns.stream().map((r) -> r[1] / 1048576.0).toList());
		Stats heapWithout = Stats.of(withoutRuns.stream().map((r) -> r[1] / 1048576.0).toList());
		this.bench.report.add(new Row("idle app with the starter: heap used after GC", "MiB", heapWith,
				"without the starter", heapWithout, "—", "—"));
		Stats threadsWith = Stats.of(withRuns.stream().map((r) -> (double) r[2]).toList());
		Stats threadsWithout = Stats.of(withoutRuns.stream().map((r) -> (double) r[2]).toList());
		this.bench.report.add(new Row("idle app with the starter: threads", "threads", threadsWith,
				"without the starter", threadsWithout, "—", "—"));
		this.bench.report.note("8. Startup cost is mostly fixed (class loading of jetcd/gRPC/Netty, one connection "
				+ "check, one prefix read per imported context, lease grant); it grows with the imported keys "
				+ "(one read) and not with the services in etcd unless discovery is used (then: figure 6).");
	}

	/** {@code [uptime ms, heap bytes, threads]} of one fresh JVM. */
	private long[] start(List<String> classpath, String[] args) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx512m", "-cp", String.join(File.pathSeparator, classpath), StartupApp.class.getName()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
		String ready = output.lines()
			.filter((line) -> line.startsWith("READY "))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("StartupApp did not get ready:\n" + output));
		String[] parts = ready.split(" ");
		return new long[] { Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]) };
	}

	/**
	 * The lib jars plus a directory holding only {@link StartupApp} and logback.xml: the
	 * benchmarks jar itself can't be used, its manifest Class-Path would bring the starter back.
	 */
	private static List<String> classpath(boolean withStarter) throws Exception {
		Path codeSource = Path.of(StartupHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path appDir = Files.createTempDirectory("startup-app");
		appDir.toFile().deleteOnExit();
		for (String resource : new String[] { StartupApp.class.getName().replace('.', '/') + ".class", "logback.xml" }) {
			Path target = appDir.resolve(resource);
			Files.createDirectories(target.getParent());
			try (InputStream in = StartupHarness.class.getClassLoader().getResourceAsStream(resource)) {
				Files.copy(in, target);
			}
		}
		List<String> entries = new ArrayList<>(List.of(appDir.toString()));
		Path lib = codeSource.getParent().resolve("lib");
		try (Stream<Path> files = Files.list(lib)) {
			files.map(Path::toString)
				.filter((name) -> name.endsWith(".jar"))
				.filter((name) -> withStarter || !isEtcdRegistry(name))
				.sorted()
				.forEach(entries::add);
		}
		return entries;
	}

	private static boolean isEtcdRegistry(String path) {
		String name = Path.of(path).getFileName().toString();
		return name.startsWith("etcd-registry-spring-boot-starter") || name.startsWith("etcd-registry-core");
	}

}
