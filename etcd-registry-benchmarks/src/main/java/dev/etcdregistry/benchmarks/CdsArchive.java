package dev.etcdregistry.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A dynamic AppCDS archive of one app of figure 8, made the way a deployment would make it
 * (Java 17): one training start with {@code -XX:ArchiveClassesAtExit}, then every start with
 * {@code -XX:SharedArchiveFile}. The harness launches apps from a classpath of plain jars (the
 * layout Spring Boot's {@code -Djarmode=tools extract} produces), so the JVM flags are all it
 * takes. Why checked: a JVM that can't map an archive (other classpath, changed jar) silently
 * starts without it, and a figure "with CDS" would then measure the default JVM. So the measured
 * starts run with {@code -Xshare:on} (the JVM refuses to start without the archive) and one
 * start logs its class loading to prove that {@code marker} came from the archive.
 *
 * @param file the archive
 * @param loaded classes the checked start loaded
 * @param fromArchive of those, the ones taken from this archive (the JDK's base archive aside)
 * @param fromBase of those, the ones taken from the JDK's own base archive
 */
record CdsArchive(Path file, long loaded, long fromArchive, long fromBase) {

	/** The JVM flags that start an app with this archive. */
	List<String> flags() {
		return List.of("-Xshare:on", "-XX:SharedArchiveFile=" + this.file);
	}

	/** Trains an archive named {@code name} in {@code dir} with one start, then checks it is used. */
	static CdsArchive create(Path dir, String name, String marker, Launcher launcher) throws Exception {
		Path file = dir.resolve(name + ".jsa");
		launcher.start(List.of("-XX:ArchiveClassesAtExit=" + file));
		if (!Files.isRegularFile(file) || Files.size(file) == 0) {
			throw new IllegalStateException("The training start of '" + name + "' wrote no CDS archive at " + file);
		}
		Path log = dir.resolve(name + "-classes.log");
		CdsArchive archive = new CdsArchive(file, 0, 0, 0);
		List<String> flags = new ArrayList<>(archive.flags());
		flags.add("-Xlog:class+load=info:file=" + log);
		launcher.start(flags);
		List<String> lines = Files.readAllLines(log).stream().filter((line) -> line.contains("[class,load]")).toList();
		String markerLine = lines.stream()
			.filter((line) -> line.contains("] " + marker + " source: "))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("The checked start of '" + name + "' did not load " + marker));
		if (!markerLine.contains("source: shared objects file (top)")) {
			throw new IllegalStateException("The CDS archive of '" + name + "' was not used: " + markerLine);
		}
		long top = lines.stream().filter((line) -> line.contains("source: shared objects file (top)")).count();
		long shared = lines.stream().filter((line) -> line.contains("source: shared objects file")).count();
		return new CdsArchive(file, lines.size(), top, shared - top);
	}

	/** Starts the app once with extra JVM flags and waits for it to exit. */
	@FunctionalInterface
	interface Launcher {

		void start(List<String> jvmFlags) throws Exception;

	}

}
