package dev.etcdregistry.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

/**
 * Figure 11: two provider JVMs ({@link LbProvider}) behind a {@code @LoadBalanced RestClient}
 * ({@link LbConsumer}) calling every 20 ms; one provider gets SIGTERM ({@link ProcessHandle#destroy()}).
 * Measured per round: SIGTERM → the consumer's discovery dropped it, the calls that reached or
 * targeted it after that, SIGTERM → the last call attempt on it (consumer clock) and the last
 * call it received (its own clock). With the starter's LoadBalancer supplier (default) and with
 * Spring Cloud LoadBalancer's own defaults (supplier off, 35 s cache on) as the baseline. Each
 * round has a fresh consumer (an empty LoadBalancer cache) and a fresh stopped provider; the
 * surviving provider is kept across rounds.
 */
final class LoadBalancerHarness {

	private static final long CALL_EVERY_MS = 20;

	private final Bench bench;

	LoadBalancerHarness(Bench bench) {
		this.bench = bench;
	}

	void run() throws Exception {
		LbProviderProcess survivor = LbProviderProcess.start(this.bench, "survivor");
		try {
			List<Round> ours = new ArrayList<>();
			List<Round> baseline = new ArrayList<>();
			int oursRounds = this.bench.samples(5);
			int baselineRounds = Math.min(oursRounds, this.bench.quick ? 1 : 2);
			for (int i = 0; i < oursRounds; i++) {
				ours.add(round("o" + i, survivor, true));
				if (i < baselineRounds) {
					baseline.add(round("b" + i, survivor, false));
				}
			}
			report(ours, baseline);
		}
		finally {
			survivor.process().destroyForcibly().waitFor();
		}
	}

	private void report(List<Round> ours, List<Round> baseline) {
		String base = "Spring Cloud LoadBalancer defaults (cache 35 s)";
		Stats oursDrop = Stats.of(ours.stream().map(Round::dropMs).toList());
		this.bench.report.add(new Row("11a. provider SIGTERM → dropped from the consumer's discovery", "ms", oursDrop,
				base, Stats.of(baseline.stream().map(Round::dropMs).toList()), "p99 ≤ 1,000",
				Bench.verdict(oursDrop.p99() <= 1000)));
		Stats oursServed = Stats.of(ours.stream().map((r) -> (double) r.servedAfterDrop).toList());
		this.bench.report.add(new Row("11b. calls the stopped provider answered after discovery dropped it",
				"calls/round", oursServed, base, Stats.of(baseline.stream().map((r) -> (double) r.servedAfterDrop).toList()),
				"0", Bench.verdict(oursServed.max() == 0)));
		Stats oursFailed = Stats.of(ours.stream().map((r) -> (double) r.failedAfterDrop).toList());
		this.bench.report.add(new Row("11c. calls sent to the stopped provider after discovery dropped it that failed",
				"calls/round", oursFailed, base, Stats.of(baseline.stream().map((r) -> (double) r.failedAfterDrop).toList()),
				"0", Bench.verdict(oursFailed.max() == 0)));
		Stats oursLast = Stats.of(ours.stream().map(Round::lastAttemptMs).toList());
		boolean noneAfterDrop = ours.stream().allMatch((r) -> r.lastAttemptMs <= r.dropMs);
		this.bench.report.add(new Row("11d. provider SIGTERM → last call sent to it (consumer clock)", "ms", oursLast,
				base, Stats.of(baseline.stream().map(Round::lastAttemptMs).toList()), "≤ 11a in every round",
				Bench.verdict(noneAfterDrop)));
		Stats oursReceived = Stats.of(ours.stream().map(Round::lastReceivedMs).toList());
		this.bench.report.add(new Row("11e. provider SIGTERM → last call it received (its clock)", "ms", oursReceived,
				base, Stats.of(baseline.stream().map(Round::lastReceivedMs).toList()), "—", "—"));
		this.bench.report.note(String.format("11. Two provider JVMs (`@RegisterService`, JDK HTTP server), a consumer "
				+ "with a `@LoadBalanced RestClient` calling every %d ms, one provider stopped with SIGTERM. "
				+ "%d rounds with the starter's LoadBalancer supplier (default), %d with "
				+ "`etcd.discovery.load-balancer.enabled=false` (Spring Cloud LoadBalancer's own cached supplier, "
				+ "35 s TTL: each baseline round lasts until that cache expires, hence fewer rounds). Each round: fresh "
				+ "consumer, fresh stopped provider, ends 2 s after the last call attempt on it. The starter "
				+ "deregisters before the provider's HTTP server stops, so calls still in flight while discovery "
				+ "drops it succeed; the supplier re-emits the list on the watch event, so the next choice "
				+ "already excludes it. 11e is on the provider's clock and counts only calls that reached it: once its HTTP "
				+ "server stopped, the baseline's calls fail (11c) instead of arriving, so its cost shows in 11c and "
				+ "11d; a call sent just before the drop may arrive a few ms after it, and a negative time means its last "
				+ "call arrived before the signal. Per round (ours): %s. "
				+ "Baseline: %s.", CALL_EVERY_MS, ours.size(),
				baseline.size(), ours, baseline));
	}

	private Round round(String id, LbProviderProcess survivor, boolean ourSupplier) throws Exception {
		LbProviderProcess stopped = LbProviderProcess.start(this.bench, id);
		ConfigurableApplicationContext consumer = new SpringApplicationBuilder(LbConsumer.class)
			.web(WebApplicationType.NONE)
			.properties("etcd.endpoints=" + this.bench.endpointsProperty(), "spring.main.banner-mode=off",
					"etcd.discovery.load-balancer.enabled=" + ourSupplier, "logging.level.root=WARN")
			.run();
		ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
		RestClient client = consumer.getBean(RestClient.Builder.class)
			.clone()
			.requestInterceptor((request, body, execution) -> {
				// after the LoadBalancer's interceptor: the URI names the chosen instance
				long start = System.nanoTime();
				int port = request.getURI().getPort();
				try {
					ClientHttpResponse response = execution.execute(request, body);
					attempts.add(new Attempt(start, port, response.getStatusCode().is2xxSuccessful()));
					return response;
				}
				catch (IOException ex) {
					attempts.add(new Attempt(start, port, false));
					throw ex;
				}
			})
			.build();
		DiscoveryClient discovery = consumer.getBean(DiscoveryClient.class);
		AtomicBoolean calling = new AtomicBoolean(true);
		Thread caller = new Thread(() -> call(client, calling), "lb-caller-" + id);
		caller.setDaemon(true);
		try {
			Bench.spinUntil(() -> ports(discovery).containsAll(List.of(stopped.port(), survivor.port())),
					Duration.ofSeconds(20));
			caller.start();
			Bench.spinUntil(() -> served(attempts, stopped.port()) && served(attempts, survivor.port()),
					Duration.ofSeconds(40));
			Bench.sleep(500);
			long sigEpoch = System.currentTimeMillis();
			long sig = System.nanoTime();
			// SIGTERM through the handle: Process.destroy() would also close our end of its stdout
			stopped.process().toHandle().destroy();
			long drop = Bench.spinUntil(() -> !ports(discovery).contains(stopped.port()), Duration.ofSeconds(30));
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (System.nanoTime() < end) {
				long last = lastAttempt(attempts, stopped.port());
				if (!stopped.process().isAlive() && System.nanoTime() - Math.max(last, drop) > 2_000_000_000L) {
					break;
				}
				Bench.sleep(100);
			}
			calling.set(false);
			caller.join(5000);
			long lastReceivedEpoch = stopped.lastReceivedEpoch();
			Round round = new Round(Bench.millis(drop - sig),
					attempts.stream().filter((a) -> a.port == stopped.port() && a.start > drop && a.ok).count(),
					attempts.stream().filter((a) -> a.port == stopped.port() && a.start > drop && !a.ok).count(),
					Bench.millis(lastAttempt(attempts, stopped.port()) - sig), lastReceivedEpoch - sigEpoch);
			System.out.println("  round " + id + (ourSupplier ? " (starter supplier): " : " (LB defaults): ") + round);
			return round;
		}
		finally {
			calling.set(false);
			caller.join(5000);
			consumer.close();
			stopped.process().destroyForcibly().waitFor();
		}
	}

	private static void call(RestClient client, AtomicBoolean calling) {
		while (calling.get()) {
			try {
				client.get().uri("http://" + LbProvider.SERVICE + "/").retrieve().body(String.class);
			}
			catch (RuntimeException ex) {
				// counted by the interceptor when an instance was chosen
			}
			try {
				Thread.sleep(CALL_EVERY_MS);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private static List<Integer> ports(DiscoveryClient discovery) {
		return discovery.getInstances(LbProvider.SERVICE).stream().map((i) -> i.getPort()).toList();
	}

	private static boolean served(ConcurrentLinkedQueue<Attempt> attempts, int port) {
		return attempts.stream().anyMatch((a) -> a.port == port && a.ok);
	}

	private static long lastAttempt(ConcurrentLinkedQueue<Attempt> attempts, int port) {
		return attempts.stream().filter((a) -> a.port == port).mapToLong(Attempt::start).max().orElse(Long.MIN_VALUE);
	}

	private record Attempt(long start, int port, boolean ok) {
	}

	private record Round(double dropMs, long servedAfterDrop, long failedAfterDrop, double lastAttemptMs,
			double lastReceivedMs) {

		@Override
		public String toString() {
			return String.format("drop %.0f ms, after drop %d answered / %d failed, last sent %.0f ms, last received %.0f ms",
					this.dropMs, this.servedAfterDrop, this.failedAfterDrop, this.lastAttemptMs, this.lastReceivedMs);
		}

	}

}
