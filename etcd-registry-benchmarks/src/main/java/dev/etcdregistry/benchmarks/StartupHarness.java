package dev.etcdregistry.benchmarks;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.etcdregistry.benchmarks.startup.StartupApp;

/**
 * Figure 8 and the idle footprint: JVM start → {@code ApplicationReadyEvent} of
 * {@link StartupApp} in fresh JVMs, with the starter (connection, {@code spring.config.import=etcd:},
 * registration, discovery) and without it (the same app; the starter and core jars left off the
 * classpath), interleaved. Also the heap used after GC and the thread count at that moment, and
 * both apps again with an AppCDS archive of their own ({@link CdsArchive}), the deployment's lever
 * for class loading.
 */
final class StartupHarness {

	private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

	private final Bench bench;

	StartupHarness(Bench bench) {
		this.bench = bench;
	}

	void run() throws Exception {
		// the app jar and the CDS archives, deleted after the figure
		Path dir = Files.createTempDirectory("startup");
		try {
			run(dir);
		}
		finally {
			try (Stream<Path> files = Files.walk(dir)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	private void run(Path dir) throws Exception {
		Path appJar = StartupClasspath.appJar(dir);
		List<String> with = StartupClasspath.of(appJar, true);
		List<String> without = StartupClasspath.of(appJar, false);
		String endpoints = "--etcd.endpoints=" + this.bench.endpointsProperty();
		// where the extra time goes: jars and auto-configuration only, then the connection, then everything
		Map<String, Variant> variants = new LinkedHashMap<>();
		variants.put("without", new Variant(without, new String[0]));
		variants.put("disabled", new Variant(with, new String[] { "--etcd.enabled=false" }));
		variants.put("connection", new Variant(with, new String[] { endpoints, "--etcd.discovery.enabled=false" }));
		String[] full = { endpoints, "--spring.config.import=etcd:", "--etcd.registry.register=true",
				"--etcd.registry.port=9400", "--etcd.registry.host=127.0.0.1" };
		variants.put("full", new Variant(with, full));
		// the same without the background connection, to show what it wins
		String[] foreground = Arrays.copyOf(full, full.length + 1);
		foreground[full.length] = "--etcd.connect-in-background=false";
		variants.put("foreground", new Variant(with, foreground));
		// C1 only (-XX:TieredStopAtLevel=1): C2's compiler threads no longer fill the second core
		variants.put("without-c1", new Variant(without, new String[0], C1_ONLY));
		variants.put("full-c1", new Variant(with, full, C1_ONLY));
		variants.put("foreground-c1", new Variant(with, foreground, C1_ONLY));
		// each app with a dynamic AppCDS archive trained by one start of that same app
		CdsArchive withoutArchive = CdsArchive.create(dir, "without", "org.springframework.boot.SpringApplication",
				(flags) -> start(new Variant(without, new String[0], flags)));
		CdsArchive fullArchive = CdsArchive.create(dir, "full", "io.etcd.jetcd.Client",
				(flags) -> start(new Variant(with, full, flags)));
		variants.put("without-cds", new Variant(without, new String[0], withoutArchive.flags()));
		variants.put("full-cds", new Variant(with, full, fullArchive.flags()));
		Map<String, List<long[]>> runs = new LinkedHashMap<>();
		variants.keySet().forEach((name) -> runs.put(name, new ArrayList<>()));
		int rounds = this.bench.samples(8) + 1;
		for (int i = 0; i < rounds; i++) {
			for (Map.Entry<String, Variant> variant : variants.entrySet()) {
				long[] run = start(variant.getValue());
				if (i > 0) {
					runs.get(variant.getKey()).add(run);
				}
			}
		}
		List<Double> probeConnect = new ArrayList<>();
		List<Double> probeDiscovery = new ArrayList<>();
		List<Double> probeSecond = new ArrayList<>();
		String[] lastProbe = null;
		for (int i = 0; i < 4; i++) {
			String[] probe = probe();
			lastProbe = probe;
			if (i > 0) {
				probeConnect.add(Double.parseDouble(probe[1]));
				probeDiscovery.add(Double.parseDouble(probe[2]));
				probeSecond.add(Double.parseDouble(probe[5]));
			}
		}
		Stats withStats = column(runs.get("full"), 0, 1);
		Stats withoutStats = column(runs.get("without"), 0, 1);
		this.bench.report.add(new Row("8. Spring Boot startup to ApplicationReadyEvent, with the starter", "ms",
				withStats, "same app without the starter", withoutStats, "≤ +500 ms",
				Bench.verdict(withStats.p50() - withoutStats.p50() <= 500)
						+ String.format(" (+%.0f ms p50)", withStats.p50() - withoutStats.p50())));
		Stats withCds = column(runs.get("full-cds"), 0, 1);
		Stats withoutCds = column(runs.get("without-cds"), 0, 1);
		this.bench.report.add(new Row("8b. the same, both apps started with an AppCDS archive of their own", "ms",
				withCds, "same app without the starter, with its own AppCDS archive", withoutCds, "≤ +500 ms",
				Bench.verdict(withCds.p50() - withoutCds.p50() <= 500)
						+ String.format(" (+%.0f ms p50)", withCds.p50() - withoutCds.p50())));
		this.bench.report.add(new Row("idle app with the starter: heap used after GC", "MiB",
				column(runs.get("full"), 1, 1048576.0), "without the starter", column(runs.get("without"), 1, 1048576.0),
				"—", "—"));
		this.bench.report.add(new Row("idle app with the starter: threads", "threads", column(runs.get("full"), 2, 1),
				"without the starter", column(runs.get("without"), 2, 1), "—", "—"));
		this.bench.report.note(String.format("8. Startup p50 by variant (ms): without the starter %.0f; starter on the "
				+ "classpath with etcd.enabled=false %.0f; connection only (no import, no registration, no discovery) "
				+ "%.0f; full (config import + registration + discovery) %.0f. Beyond the jars, the cost is mostly "
				+ "fixed (jetcd/gRPC/Netty class loading and channel set-up, one connection check, one read per "
				+ "imported context, a lease grant); it grows with the imported keys (one read) and, with discovery, "
				+ "with the instances in etcd (figure 6). Cold-JVM probe without Spring (3 runs, p50): "
				+ "EtcdConnection.connect %.0f ms (loading %s classes), then the first ServiceDiscovery.of %.0f ms "
				+ "(%s classes).", withoutStats.p50(), column(runs.get("disabled"), 0, 1).p50(),
				column(runs.get("connection"), 0, 1).p50(), withStats.p50(), Stats.of(probeConnect).p50(),
				lastProbe[3], Stats.of(probeDiscovery).p50(), lastProbe[4]));
		this.bench.report.note(String.format("8. Background start (the starter opens the application's connection on a "
				+ "thread of its own once the Environment is ready): full start p50 %.0f ms with it vs %.0f ms with etcd.connect-in-background=false "
				+ "(%+.0f ms). The start is CPU-bound on this 2-core box, so overlap wins little: process CPU at ready "
				+ "(all threads, JIT compilers included) p50 %.0f ms without the starter, %.0f ms full, %.0f ms full "
				+ "in the foreground. Where a core is free the overlap shows: with -XX:TieredStopAtLevel=1 for every "
				+ "app (C1 only, so C2's compiler threads no longer fill the second core) the start p50 is %.0f ms "
				+ "without the starter, %.0f ms full (%+.0f ms) and %.0f ms full in the foreground (%+.0f ms). What "
				+ "stays on the critical path is the config import's cold connection and read (the Environment can't "
				+ "be built before it).",
				withStats.p50(), column(runs.get("foreground"), 0, 1).p50(),
				withStats.p50() - column(runs.get("foreground"), 0, 1).p50(), column(runs.get("without"), 3, 1).p50(),
				column(runs.get("full"), 3, 1).p50(), column(runs.get("foreground"), 3, 1).p50(),
				column(runs.get("without-c1"), 0, 1).p50(), column(runs.get("full-c1"), 0, 1).p50(),
				column(runs.get("full-c1"), 0, 1).p50() - column(runs.get("without-c1"), 0, 1).p50(),
				column(runs.get("foreground-c1"), 0, 1).p50(),
				column(runs.get("foreground-c1"), 0, 1).p50() - column(runs.get("without-c1"), 0, 1).p50()));
		double disabled = column(runs.get("disabled"), 0, 1).p50();
		double connection = column(runs.get("connection"), 0, 1).p50();
		boolean met = withStats.p50() - withoutStats.p50() <= 500;
		this.bench.report.note(String.format("8. %s: the jars and auto-configuration "
				+ "cost %+.0f ms (disabled vs without); opening the connection costs %+.0f ms (connection vs disabled) "
				+ "and the starter's own work (import read, lease grant and registration, discovery sync) %+.0f ms "
				+ "(full vs connection). In the cold probe the first connect takes %.0f ms while a second connect in "
				+ "the same, now warm, JVM takes %.0f ms: the cost is loading and JIT-ing jetcd/gRPC/Netty/protobuf "
				+ "(%s classes), not etcd round trips. Left to the deployment, for both apps: an AppCDS archive "
				+ "(-XX:SharedArchiveFile, Spring Boot's CDS support; measured in row 8b) for the class loading, and "
				+ "-Dio.netty.jfr.enabled=false, which spares Netty's JFR event classes (the starter does not set "
				+ "JVM-wide Netty properties).", met ? "Where the extra startup time goes" : "Why the startup target is missed",
				disabled - withoutStats.p50(), connection - disabled, withStats.p50() - connection,
				Stats.of(probeConnect).p50(), Stats.of(probeSecond).p50(), lastProbe[3]));
		noteCds(withStats, withoutStats, withCds, withoutCds, fullArchive, withoutArchive);
	}

	private void noteCds(Stats with, Stats without, Stats withCds, Stats withoutCds, CdsArchive full,
			CdsArchive bare) throws Exception {
		double overhead = with.p50() - without.p50();
		double overheadCds = withCds.p50() - withoutCds.p50();
		this.bench.report.note(String.format("8b. AppCDS (Java 17 dynamic archive, one per app: a training start "
				+ "with -XX:ArchiveClassesAtExit, then every measured start with -XX:SharedArchiveFile and -Xshare:on, "
				+ "interleaved with the other variants): with the starter p50 %.0f / p99 %.0f ms vs %.0f / %.0f ms "
				+ "on the default JVM; without it p50 %.0f / p99 %.0f ms vs %.0f / %.0f ms. The starter's overhead "
				+ "is %+.0f ms p50 (%+.0f ms p99) with CDS vs %+.0f ms p50 (%+.0f ms p99) without. Checked start "
				+ "(-Xlog:class+load): with the starter %d of %d classes came from the app's archive (%.0f MiB) and "
				+ "%d from the JDK's, io.etcd.jetcd.Client among the former; without it %d of %d from its archive "
				+ "(%.0f MiB) and %d from the JDK's. CDS removes parsing and verification, not the JIT nor the "
				+ "static initialisers and channel set-up of jetcd/gRPC/Netty, which stay on the config import's "
				+ "critical path.",
				withCds.p50(), withCds.p99(), with.p50(), with.p99(), withoutCds.p50(), withoutCds.p99(),
				without.p50(), without.p99(), overheadCds, withCds.p99() - withoutCds.p99(), overhead,
				with.p99() - without.p99(), full.fromArchive(), full.loaded(), Files.size(full.file()) / 1048576.0,
				full.fromBase(), bare.fromArchive(), bare.loaded(), Files.size(bare.file()) / 1048576.0,
				bare.fromBase()));
		this.bench.report.note(String.format("8. Which startup target holds: on the default JVM (row 8, the figure's "
				+ "definition) the starter costs %+.0f ms p50, %s the +500 ms aim; with an AppCDS archive for both "
				+ "apps (row 8b) it costs %+.0f ms p50, %s it.", overhead, (overhead <= 500) ? "within" : "above",
				overheadCds, (overheadCds <= 500) ? "within" : "above"));
	}

	private static Stats column(List<long[]> runs, int index, double divisor) {
		return Stats.of(runs.stream().map((run) -> run[index] / divisor).toList());
	}

	private record Variant(List<String> classpath, String[] args, List<String> jvmFlags) {

		Variant(List<String> classpath, String[] args) {
			this(classpath, args, List.of());
		}

		Variant(List<String> classpath, String[] args, String jvmFlag) {
			this(classpath, args, List.of(jvmFlag));
		}

	}

	/** Runs {@link ConnectProbe} in a fresh JVM; returns its {@code PROBE} line split on spaces. */
	private String[] probe() throws Exception {
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx512m", "-cp", System.getProperty("java.class.path"), ConnectProbe.class.getName(),
				this.bench.endpointsProperty())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		process.waitFor(60, TimeUnit.SECONDS);
		return output.lines()
			.filter((line) -> line.startsWith("PROBE "))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("ConnectProbe failed:\n" + output))
			.split(" ");
	}

	/** {@code [uptime ms, heap bytes, threads, process CPU ms]} of one fresh JVM. */
	private long[] start(Variant variant) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx512m"));
		command.addAll(variant.jvmFlags());
		command.addAll(List.of("-cp", String.join(File.pathSeparator, variant.classpath()), StartupApp.class.getName()));
		command.addAll(List.of(variant.args()));
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
		return new long[] { Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]),
				Long.parseLong(parts[4]) };
	}

}
