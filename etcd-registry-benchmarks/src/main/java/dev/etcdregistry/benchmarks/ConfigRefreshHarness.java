package dev.etcdregistry.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.etcdregistry.client.EtcdConnection;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Figure 9, with Spring Cloud Context on the classpath: put → {@code @Value} field of a
 * singleton, put → {@code @RefreshScope} bean, put → {@code @ConfigurationProperties} bound from
 * a YAML document key, each beside a raw jetcd watch, interleaved in every round.
 * {@link OtherAppsCost} then shows what 1,000 other applications' keys cost this one.
 */
final class ConfigRefreshHarness {

	static final String APP = "refreshbench";

	private static final String RAW_KEY = "/bench/raw9";

	private static final String FIELD_KEY = "/config/" + APP + "/bench.field";

	private static final String SCOPED_KEY = "/config/" + APP + "/bench.scoped";

	private static final String DOC_KEY = "/config/" + APP + "/application.yaml";

	private final Bench bench;

	private volatile String rawSeen = "";

	ConfigRefreshHarness(Bench bench) {
		this.bench = bench;
	}

	void run() throws Exception {
		try (Client writer = this.bench.rawClient(); Client watcher = this.bench.rawClient()) {
			put(writer, FIELD_KEY, "start");
			put(writer, SCOPED_KEY, "start");
			put(writer, DOC_KEY, document("start"));
			Watch.Watcher watch = watcher.getWatchClient()
				.watch(EtcdConnection.bytes(RAW_KEY), WatchOption.DEFAULT, (response) -> response.getEvents()
					.forEach((event) -> this.rawSeen = event.getKeyValue().getValue().toString()));
			try (ConfigurableApplicationContext context = start(this.bench)) {
				RefreshApp.ValueHolder holder = context.getBean(RefreshApp.ValueHolder.class);
				RefreshApp.Scoped scoped = context.getBean(RefreshApp.Scoped.class);
				RefreshApp.DocProperties doc = context.getBean(RefreshApp.DocProperties.class);
				measure(writer, holder, scoped, doc, 30, false);
				measure(writer, holder, scoped, doc, this.bench.samples(300), true);
			}
			finally {
				watch.close();
			}
		}
		new OtherAppsCost(this.bench).run();
	}

	static ConfigurableApplicationContext start(Bench bench) {
		return new SpringApplicationBuilder(RefreshApp.class).web(WebApplicationType.NONE)
			.properties("spring.application.name=" + APP, "spring.config.import=etcd:",
					"etcd.endpoints=" + bench.endpointsProperty(), "spring.main.banner-mode=off")
			.run();
	}

	private void measure(Client writer, RefreshApp.ValueHolder holder, RefreshApp.Scoped scoped,
			RefreshApp.DocProperties doc, int rounds, boolean record) throws Exception {
		List<Double> raw = new ArrayList<>();
		List<Double> field = new ArrayList<>();
		List<Double> refresh = new ArrayList<>();
		List<Double> document = new ArrayList<>();
		for (int i = 0; i < rounds; i++) {
			String value = (record ? "v" : "w") + i;
			raw.add(propagation(writer, RAW_KEY, value, value, () -> this.rawSeen));
			field.add(propagation(writer, FIELD_KEY, value, value, () -> holder.value));
			// the proxy resolves the current instance on each call: rebuilt after the change
			refresh.add(propagation(writer, SCOPED_KEY, value, value, scoped::value));
			document.add(propagation(writer, DOC_KEY, document(value), value, doc::getValue));
			Bench.sleep(5);
		}
		if (!record) {
			return;
		}
		Stats rawStats = Stats.of(raw);
		String baseline = "raw jetcd watch, put → event (interleaved)";
		Stats fieldStats = Stats.of(field);
		Stats refreshStats = Stats.of(refresh);
		Stats documentStats = Stats.of(document);
		this.bench.report.add(new Row("9a. config put → `@Value` field (Spring Cloud present)", "ms", fieldStats,
				baseline, rawStats, "p99 ≤ raw + 10", Bench.verdict(fieldStats.p99() <= rawStats.p99() + 10)));
		this.bench.report.add(new Row("9b. config put → `@RefreshScope` bean rebuilt", "ms", refreshStats, baseline,
				rawStats, "p99 ≤ raw + 50", Bench.verdict(refreshStats.p99() <= rawStats.p99() + 50)));
		this.bench.report.add(new Row("9c. YAML document put → `@ConfigurationProperties`", "ms", documentStats,
				baseline, rawStats, "p99 ≤ raw + 10", Bench.verdict(documentStats.p99() <= rawStats.p99() + 10)));
	}

	static String document(String value) {
		return "docbench:\n  value: " + value + "\nother:\n  a: 1\n  b: [x, y]\n";
	}

	private static double propagation(Client writer, String key, String put, String expected,
			Supplier<String> reader) throws Exception {
		long start = System.nanoTime();
		put(writer, key, put);
		long seen = Bench.spinUntil(() -> expected.equals(reader.get()), Duration.ofSeconds(10));
		return Bench.millis(seen - start);
	}

	static void put(Client writer, String key, String value) throws Exception {
		writer.getKVClient().put(EtcdConnection.bytes(key), EtcdConnection.bytes(value)).get(5, TimeUnit.SECONDS);
	}

}
