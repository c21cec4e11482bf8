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
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Figures 2 and 3: time from a put by another client (clock starts before the put is sent) until
 * the new value is visible to a reader polling in a tight loop, for (2) a volatile
 * {@code @EtcdConfigValue} field and (3) a {@code @ConfigurationProperties} bean fed by
 * {@code spring.config.import=etcd:}. Baseline: a raw jetcd watch on its own key, same etcd,
 * same writer, the three interleaved in every round.
 */
final class ConfigPropagationHarness {

	private static final String RAW_KEY = "/bench/raw";

	private static final String PROPS_KEY = "/config/propagation/bench/value";

	private final Bench bench;

	private volatile String rawSeen = "";

	ConfigPropagationHarness(Bench bench) {
		this.bench = bench;
	}

	void run() throws Exception {
		try (Client writer = this.bench.rawClient(); Client watcher = this.bench.rawClient()) {
			put(writer, PropagationApp.FIELD_KEY, "start");
			put(writer, PROPS_KEY, "start");
			Watch.Watcher watch = watcher.getWatchClient()
				.watch(EtcdConnection.bytes(RAW_KEY), WatchOption.DEFAULT, (response) -> response.getEvents()
					.forEach((event) -> this.rawSeen = event.getKeyValue().getValue().toString()));
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PropagationApp.class)
				.web(WebApplicationType.NONE)
				.properties("spring.application.name=propagation", "spring.config.import=etcd:",
						"etcd.endpoints=" + this.bench.endpointsProperty(), "spring.main.banner-mode=off",
						// figures 2 and 3 as before Spring Cloud joined the classpath for figure 9
						"spring.autoconfigure.exclude=" + RefreshApp.SPRING_CLOUD_AUTO_CONFIGURATIONS)
				.run()) {
				PropagationApp.Holder holder = context.getBean(PropagationApp.Holder.class);
				PropagationApp.BenchProperties properties = context.getBean(PropagationApp.BenchProperties.class);
				measure(writer, holder, properties, 30, false);
				measure(writer, holder, properties, this.bench.samples(300), true);
				this.bench.report.note(String.format("3. Why (3) costs more than (2): each imported change first "
						+ "dry-run binds, then rebinds, every @ConfigurationProperties bean, and finds them by "
						+ "scanning the context's %d bean definitions each time (ConfigurationPropertiesBean.getAll, "
						+ "twice); this context has %d such beans (Boot's, the starter's, ours).",
						context.getBeanDefinitionCount(), ConfigurationPropertiesBean.getAll(context).size()));
			}
			finally {
				watch.close();
			}
		}
	}

	private void measure(Client writer, PropagationApp.Holder holder, PropagationApp.BenchProperties properties,
			int rounds, boolean record) throws Exception {
		List<Double> raw = new ArrayList<>();
		List<Double> field = new ArrayList<>();
		List<Double> props = new ArrayList<>();
		for (int i = 0; i < rounds; i++) {
			String value = (record ? "v" : "w") + i;
			raw.add(propagation(writer, RAW_KEY, value, () -> this.rawSeen));
			field.add(propagation(writer, PropagationApp.FIELD_KEY, value, () -> holder.value));
			props.add(propagation(writer, PROPS_KEY, value, properties::getValue));
			Bench.sleep(5);
		}
		if (!record) {
			return;
		}
		Stats rawStats = Stats.of(raw);
		Stats fieldStats = Stats.of(field);
		Stats propsStats = Stats.of(props);
		String baseline = "raw jetcd watch, put → event (interleaved)";
		this.bench.report.add(new Row("2. config put → `@EtcdConfigValue` field", "ms", fieldStats, baseline, rawStats,
				"p50 ≤ raw + 0.5, p99 ≤ raw + 2",
				Bench.verdict(fieldStats.p50() <= rawStats.p50() + 0.5 && fieldStats.p99() <= rawStats.p99() + 2)));
		this.bench.report.add(new Row("3. config put → `@ConfigurationProperties` (config import)", "ms", propsStats,
				baseline, rawStats, "p99 ≤ raw + 10", Bench.verdict(propsStats.p99() <= rawStats.p99() + 10)));
		this.bench.report.note(String.format("2/3. Over raw (p50): field %+.3f ms, properties %+.3f ms. Each change "
				+ "costs one event per watched key, whatever the number of keys; a properties change rebinds every "
				+ "@ConfigurationProperties bean, so (3) grows with the number of such beans, (2) does not.",
				fieldStats.p50() - rawStats.p50(), propsStats.p50() - rawStats.p50()));
	}

	private static double propagation(Client writer, String key, String value, Supplier<String> reader)
			throws Exception {
		long start = System.nanoTime();
		put(writer, key, value);
		long seen = Bench.spinUntil(() -> value.equals(reader.get()), Duration.ofSeconds(10));
		return Bench.millis(seen - start);
	}

	private static void put(Client writer, String key, String value) throws Exception {
		writer.getKVClient().put(EtcdConnection.bytes(key), EtcdConnection.bytes(value)).get(5, TimeUnit.SECONDS);
	}

}
