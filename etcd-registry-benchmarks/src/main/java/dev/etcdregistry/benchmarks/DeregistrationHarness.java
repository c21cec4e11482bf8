package dev.etcdregistry.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.etcd.jetcd.support.Observers;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Figure 4: graceful shutdown → the instance is gone from a peer's {@link ServiceDiscovery}
 * cache; the clock starts when {@code close()} is called. Measured for the core
 * {@link ServiceRegistry#close()} and for closing a Spring context with {@code @RegisterService}.
 * Baseline: the seed's behaviour, where the process stops renewing its lease and the key lives
 * until the lease TTL expires (2 s here, the seed uses 10 s).
 */
final class DeregistrationHarness {

	static final long BASELINE_TTL_SECONDS = 2;

	private final Bench bench;

	DeregistrationHarness(Bench bench) {
		this.bench = bench;
	}

	void run() throws Exception {
		try (EtcdConnection peerConnection = this.bench.connect();
				ServiceDiscovery peer = ServiceDiscovery.of(peerConnection);
				EtcdConnection connection = this.bench.connect();
				Client raw = this.bench.rawClient()) {
			Stats baseline = Stats.of(baseline(raw, peer, this.bench.samples(6)));
			Stats core = Stats.of(core(connection, peer, this.bench.samples(100)));
			Stats spring = Stats.of(spring(peer, this.bench.samples(10)));
			String baselineName = "seed: lease expiry, TTL " + BASELINE_TTL_SECONDS + " s";
			this.bench.report.add(new Row("4a. graceful `ServiceRegistry.close()` → gone from peer cache", "ms", core,
					baselineName, baseline, "p99 ≤ 50", Bench.verdict(core.p99() <= 50)));
			this.bench.report.add(new Row("4b. Spring context with `@RegisterService` closed → gone from peer cache",
					"ms", spring, baselineName, baseline, "p99 ≤ 50", Bench.verdict(spring.p99() <= 50)));
			this.bench.report.note("4. close() revokes the one lease: one round trip plus one watch event, whatever "
					+ "the number of instances registered (all share the lease); the baseline grows with the TTL "
					+ "(seed: 10 s, so ~5x the 2 s figures here).");
		}
	}

	private List<Double> core(EtcdConnection connection, ServiceDiscovery peer, int samples) {
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < samples + 10; i++) {
			ServiceRegistry registry = ServiceRegistry.of(connection);
			registry.register(ServiceInstance.of("dereg-core", "i" + i, "127.0.0.1", 9000));
			Bench.spinUntil(() -> !peer.instances("dereg-core").isEmpty(), Duration.ofSeconds(10));
			long start = System.nanoTime();
			registry.close();
			long gone = Bench.spinUntil(() -> peer.instances("dereg-core").isEmpty(), Duration.ofSeconds(30));
			if (i >= 10) {
				times.add(Bench.millis(gone - start));
			}
		}
		return times;
	}

	private List<Double> spring(ServiceDiscovery peer, int samples) {
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < samples; i++) {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(DeregApp.class)
				.web(WebApplicationType.NONE)
				.properties("etcd.endpoints=" + this.bench.endpointsProperty(), "spring.main.banner-mode=off",
						"etcd.registry.instance-id=s" + i, "etcd.registry.host=127.0.0.1")
				.run();
			Bench.spinUntil(() -> !peer.instances(DeregApp.SERVICE).isEmpty(), Duration.ofSeconds(10));
			long start = System.nanoTime();
			context.close();
			long gone = Bench.spinUntil(() -> peer.instances(DeregApp.SERVICE).isEmpty(), Duration.ofSeconds(30));
			times.add(Bench.millis(gone - start));
		}
		return times;
	}

	/** Seed behaviour: a lease kept alive, renewals stop at "shutdown", the key waits for expiry. */
	private List<Double> baseline(Client raw, ServiceDiscovery peer, int samples) throws Exception {
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < samples; i++) {
			long lease = raw.getLeaseClient().grant(BASELINE_TTL_SECONDS).get(5, TimeUnit.SECONDS).getID();
			CloseableClient keepAlive = raw.getLeaseClient().keepAlive(lease, Observers.observer((response) -> {
			}));
			raw.getKVClient()
				.put(EtcdConnection.bytes("/services/dereg-seed/s" + i),
						EtcdConnection.bytes("{\"host\":\"127.0.0.1\",\"port\":9300}"),
						PutOption.builder().withLeaseId(lease).build())
				.get(5, TimeUnit.SECONDS);
			Bench.spinUntil(() -> !peer.instances("dereg-seed").isEmpty(), Duration.ofSeconds(10));
			Bench.sleep(1000);
			long start = System.nanoTime();
			keepAlive.close();
			long gone = Bench.spinUntil(() -> peer.instances("dereg-seed").isEmpty(), Duration.ofSeconds(30));
			times.add(Bench.millis(gone - start));
		}
		return times;
	}

}
