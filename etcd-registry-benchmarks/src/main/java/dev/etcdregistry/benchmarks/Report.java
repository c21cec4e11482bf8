package dev.etcdregistry.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.sun.management.OperatingSystemMXBean;

/**
 * Collects the rows and notes of one run and writes them to {@code BENCHMARKS.md} as Markdown:
 * machine, versions, the command, the table, then one note per figure.
 */
final class Report {

	static final String COMMAND = "./mvnw -B -Pbenchmarks -pl etcd-registry-benchmarks -am package -DskipTests"
			+ " && java -jar etcd-registry-benchmarks/target/benchmarks.jar";

	static final String FLEET_COMMAND = "java -jar etcd-registry-benchmarks/target/benchmarks.jar fleet";

	private static final String FLEET_START = "<!-- fleet: written by `benchmarks.jar fleet`, kept by full runs -->";

	private static final String FLEET_END = "<!-- end of fleet -->";

	static final String LB_COMMAND = "java -jar etcd-registry-benchmarks/target/benchmarks.jar 11";

	private static final String LB_START = "<!-- lb: written by `benchmarks.jar 11`, kept by full runs -->";

	private static final String LB_END = "<!-- end of lb -->";

	private final List<Row> rows = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	private final String etcdVersion;

	Report(String etcdVersion) {
		this.etcdVersion = etcdVersion;
	}

	synchronized void add(Row row) {
		this.rows.add(row);
		System.out.println("RESULT " + format(row));
	}

	synchronized void note(String note) {
		this.notes.add(note);
		System.out.println("NOTE " + note);
	}

	synchronized void write(Path file) throws IOException {
		StringBuilder md = new StringBuilder();
		md.append("# Benchmarks\n\n");
		md.append("Run them (not part of the default build; needs `/usr/bin/etcd` or `ETCD_BINARY`):\n\n```\n")
			.append(COMMAND)
			.append("\n```\n\n");
		md.append("`java -jar ... benchmarks.jar quick` runs fewer samples. The harness starts its own etcd on free "
				+ "loopback ports (test kit) and rewrites this file.\n\n");
		md.append("## Machine and versions\n\n").append(machine()).append('\n');
		md.append("## Results\n\nTimes in ms unless the unit says otherwise. Percentiles are nearest-rank "
				+ "(p99 of fewer than 100 samples is the max). Ratio = measured p50 / baseline p50, both from this "
				+ "run (interleaved where the row says so).\n\n");
		md.append("| figure | unit | samples | p50 | p99 | max | baseline (same run) | samples | p50 | p99 | max "
				+ "| ratio p50 | target | met |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (Row row : this.rows) {
			md.append(format(row)).append('\n');
		}
		List<String> missed = this.rows.stream().filter((row) -> row.verdict().startsWith("**no**")).map(Row::figure).toList();
		md.append("\nTargets missed in this run: ").append(missed.isEmpty() ? "none" : String.join("; ", missed))
			.append(" (causes with numbers below).\n");
		md.append("\n## Notes, causes and how cost grows\n\n");
		for (String note : this.notes) {
			md.append("- ").append(note).append('\n');
		}
		String fleet = section(file, FLEET_START, FLEET_END);
		String lb = section(file, LB_START, LB_END);
		Files.writeString(file, md.toString() + (fleet.isEmpty() ? "" : "\n" + fleet) + (lb.isEmpty() ? "" : "\n" + lb));
	}

	/**
	 * Writes this run's rows and notes as the fleet section of {@code file}, replacing the one
	 * there (or appending it); the rest of the file stays as it is.
	 */
	synchronized void writeFleetSection(Path file) throws IOException {
		writeSection(file, FLEET_START, FLEET_END,
				"## Discovery at fleet scale (figure 10): `subscribed` vs `all`\n\n"
						+ "Run on its own (a few minutes; not part of the full run above):\n\n```\n" + FLEET_COMMAND
						+ "\n```\n\n" + machine() + '\n'
						+ "Baseline = the whole-prefix mirror (`etcd.discovery.mode=all`) in the same run, same etcd, "
						+ "same fleet. Ratio = measured p50 / baseline p50.\n\n");
	}

	/**
	 * Writes this run's rows and notes as the load-balanced calls section (figure 11) of
	 * {@code file}, replacing the one there (or appending it); the rest of the file stays as it is.
	 */
	synchronized void writeLoadBalancerSection(Path file) throws IOException {
		writeSection(file, LB_START, LB_END,
				"## Load-balanced calls after a provider's SIGTERM (figure 11): starter supplier vs "
						+ "Spring Cloud LoadBalancer defaults\n\n"
						+ "Run on its own (about 3 minutes; not part of the full run above):\n\n```\n" + LB_COMMAND
						+ "\n```\n\n" + machine() + '\n'
						+ "Baseline = the same consumer with `etcd.discovery.load-balancer.enabled=false` (Spring Cloud "
						+ "LoadBalancer's own cached supplier, its defaults), same run, same etcd, same providers. "
						+ "Ratio = measured p50 / baseline p50.\n\n");
	}

	private void writeSection(Path file, String startMarker, String endMarker, String header) throws IOException {
		StringBuilder md = new StringBuilder(startMarker).append('\n').append(header);
		md.append("| figure | unit | samples | p50 | p99 | max | baseline (same run) | samples | p50 | p99 | max "
				+ "| ratio p50 | target | met |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (Row row : this.rows) {
			md.append(format(row)).append('\n');
		}
		md.append('\n');
		for (String note : this.notes) {
			md.append("- ").append(note).append('\n');
		}
		md.append(endMarker).append('\n');
		String existing = Files.exists(file) ? Files.readString(file) : "";
		String old = section(file, startMarker, endMarker);
		String rest = old.isEmpty() ? existing : existing.replace(old, "");
		Files.writeString(file, rest.stripTrailing() + "\n\n" + md);
	}

	/** The section of {@code file} between the markers as it is, or empty. */
	private static String section(Path file, String startMarker, String endMarker) throws IOException {
		if (!Files.exists(file)) {
			return "";
		}
		String text = Files.readString(file);
		int start = text.indexOf(startMarker);
		int end = text.indexOf(endMarker);
		if (start < 0 || end < start) {
			return "";
		}
		int stop = end + endMarker.length();
		return text.substring(start, (stop < text.length() && text.charAt(stop) == '\n') ? stop + 1 : stop);
	}

	private static String format(Row row) {
		Stats m = row.measured();
		Stats b = row.baseline();
		return "| " + row.figure() + " | " + row.unit() + " | " + m.samples() + " | " + num(m.p50()) + " | "
				+ num(m.p99()) + " | " + num(m.max()) + " | " + ((row.baselineName() != null) ? row.baselineName() : "—")
				+ " | " + ((b != null) ? b.samples() + " | " + num(b.p50()) + " | " + num(b.p99()) + " | " + num(b.max())
						: " | | | ")
				+ " | " + row.ratio() + " | " + row.target() + " | " + row.verdict() + " |";
	}

	static String num(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		if (value == 0) {
			return "0";
		}
		double abs = Math.abs(value);
		if (abs >= 100) {
			return String.format("%,.0f", value);
		}
		if (abs >= 1) {
			return String.format("%.2f", value);
		}
		if (abs >= 0.001) {
			return String.format("%.4f", value);
		}
		return String.format("%.2e", value);
	}

	private String machine() {
		OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		return "- date: " + Instant.now() + "\n"
				+ "- cores: " + Runtime.getRuntime().availableProcessors() + ", memory: "
				+ (os.getTotalMemorySize() >> 20) + " MiB, OS: " + System.getProperty("os.name") + " "
				+ System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")\n"
				+ "- JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
				+ ", max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB\n"
				+ "- etcd: " + this.etcdVersion + " (single node, test kit, data dir on local disk, fsync on)\n"
				+ "- jetcd-core 0.8.7, Spring Boot " + org.springframework.boot.SpringBootVersion.getVersion()
				+ ", JMH 1.37, etcd-registry " + Versions.project() + "\n";
	}

}
