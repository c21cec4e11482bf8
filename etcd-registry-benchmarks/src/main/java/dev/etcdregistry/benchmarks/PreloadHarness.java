package dev.etcdregistry.benchmarks;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import dev.etcdregistry.benchmarks.startup.StartupApp;

/**
 * What the starter's two startup devices win, one run, interleaved: figure 8's full app (import,
 * registration, discovery) started in fresh JVMs with neither ({@code etcd.connect-in-background=false}),
 * with the early connection but no class preloading (an empty preload list shadows the starter's
 * on the classpath), and with both (the default). Prints p50/p99 per variant and the ratios to
 * "neither". Run with {@code benchmarks.jar preload [quick]}.
 */
final class PreloadHarness {

	private final List<String> endpoints;

	private final int samples;

	PreloadHarness(List<String> endpoints, boolean quick) {
		this.endpoints = endpoints;
		this.samples = quick ? 3 : 12;
	}

	void run() throws Exception {
		Path dir = Files.createTempDirectory("preload");
		Path appJar = StartupClasspath.appJar(dir);
		List<String> with = StartupClasspath.of(appJar, true);
		// the preloader reads the first list on the classpath: an empty one first switches it off alone
		List<String> noPreload = new ArrayList<>(with);
		noPreload.add(1, emptyPreloadList(dir).toString());
		String[] full = { "--etcd.endpoints=" + String.join(",", this.endpoints), "--spring.config.import=etcd:",
				"--etcd.registry.register=true", "--etcd.registry.port=9400", "--etcd.registry.host=127.0.0.1" };
		String[] foreground = append(full, "--etcd.connect-in-background=false");
		Map<String, Variant> variants = new LinkedHashMap<>();
		variants.put("neither (connect-in-background=false)", new Variant(with, foreground));
		variants.put("early connect, no preload", new Variant(noPreload, full));
		variants.put("early connect + preload (default)", new Variant(with, full));
		Map<String, List<Double>> runs = new LinkedHashMap<>();
		variants.keySet().forEach((name) -> runs.put(name, new ArrayList<>()));
		for (int i = 0; i <= this.samples; i++) {
			for (Map.Entry<String, Variant> variant : variants.entrySet()) {
				double ms = start(variant.getValue());
				if (i > 0) {
					runs.get(variant.getKey()).add(ms);
				}
			}
			System.out.println("round " + i + " done");
		}
		double base = Stats.of(runs.values().iterator().next()).p50();
		System.out.printf("%n| variant (%d starts each, interleaved) | p50 ms | p99 ms | p50 ratio to neither | p50 delta ms |%n",
				this.samples);
		System.out.println("|---|---|---|---|---|");
		for (Map.Entry<String, List<Double>> run : runs.entrySet()) {
			Stats stats = Stats.of(run.getValue());
			System.out.printf("| %s | %.0f | %.0f | %.3f | %+.0f |%n", run.getKey(), stats.p50(), stats.p99(),
					stats.p50() / base, stats.p50() - base);
		}
		System.out.println("cores: " + Runtime.getRuntime().availableProcessors());
	}

	private static String[] append(String[] args, String arg) {
		String[] result = java.util.Arrays.copyOf(args, args.length + 1);
		result[args.length] = arg;
		return result;
	}

	private static Path emptyPreloadList(Path dir) throws Exception {
		Path jar = dir.resolve("no-preload.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			out.putNextEntry(new JarEntry("META-INF/etcd-registry/preload-classes.txt"));
			out.write("# empty: no class preloading\n".getBytes(StandardCharsets.UTF_8));
			out.closeEntry();
		}
		return jar;
	}

	private double start(Variant variant) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx512m", "-cp", String.join(File.pathSeparator, variant.classpath()), StartupApp.class.getName()));
		command.addAll(List.of(variant.args()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
		return Double.parseDouble(output.lines()
			.filter((line) -> line.startsWith("READY "))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("StartupApp did not get ready:\n" + output))
			.split(" ")[1]);
	}

	private record Variant(List<String> classpath, String[] args) {
	}

}
