package dev.etcdregistry.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.registry.DiscoveryOptions;
import dev.etcdregistry.registry.ServiceDiscovery;
import io.etcd.jetcd.Client;

/**
 * Figure 10 ({@code benchmarks.jar fleet}): a fleet of 100,000 instances across 10,000 services,
 * and a consumer that calls 5 of them, with discovery {@code subscribed} to those 5 against the
 * whole-prefix mirror ({@code all}, the baseline), in the same run and etcd: sync time, heap the
 * discovery retains (used heap after GC before and after it starts), watch changes applied per
 * 1,000 registrations of unrelated services, lookup cost against one etcd read per call, and
 * {@code services()}. Each mode has a connection of its own, so their watch counters don't mix.
 */
final class FleetDiscoveryHarness {

	static final int SERVICES = 10_000;

	static final int PER_SERVICE = 10;

	static final int UNRELATED = 1_000;

	static final Set<String> CALLED = Set.of("svc-17", "svc-2503", "svc-5011", "svc-7777", "svc-9999");

	private static final long MIB = 1 << 20;

	private final Bench bench;

	FleetDiscoveryHarness(Bench bench) {
		this.bench = bench;
	}

	void run() throws Exception {
		Report report = this.bench.report;
		try (Client raw = this.bench.rawClient();
				EtcdConnection subConnection = this.bench.connect();
				EtcdConnection allConnection = wideConnection()) {
			long writeStart = System.nanoTime();
			FleetWriter.write(raw, SERVICES * PER_SERVICE, (i) -> new String[] {
					"/services/svc-" + (i / PER_SERVICE) + "/inst-" + (i % PER_SERVICE),
					FleetWriter.value(i / PER_SERVICE, i % PER_SERVICE) });
			double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
			report.note(String.format("10. Fleet written by a raw client: %,d instances across %,d services, values "
					+ "~75 B of registry JSON, in %.1f s (%,d txns of %d puts, up to %d in flight).",
					SERVICES * PER_SERVICE, SERVICES, writeSeconds, SERVICES * PER_SERVICE / FleetWriter.BATCH,
					FleetWriter.BATCH, FleetWriter.IN_FLIGHT));
			DiscoveryOptions subscribed = DiscoveryOptions.defaults().subscribedTo(CALLED);

			// sync, interleaved; the first round warms both paths up and is not counted
			List<Double> allSync = new ArrayList<>();
			List<Double> subSync = new ArrayList<>();
			for (int i = 0; i < this.bench.samples(10) + 1; i++) {
				double all = timeSync(allConnection, DiscoveryOptions.defaults());
				double sub = timeSync(subConnection, subscribed);
				if (i > 0) {
					allSync.add(all);
					subSync.add(sub);
				}
			}
			report.add(new Row("10a. discovery sync, `subscribed` to 5 services (fleet of 100,000)", "ms",
					Stats.of(subSync), "`all`: whole-prefix mirror, 100,000 instances (interleaved)",
					Stats.of(allSync), "—", "—"));

			// retained heap: used heap after GC before and after each discovery starts
			String endpoint = this.bench.endpoints.get(0);
			double watchersBefore = EtcdMetrics.watchers(endpoint);
			long heap0 = Bench.usedHeapAfterGc();
			ServiceDiscovery sub = ServiceDiscovery.of(subConnection, subscribed);
			long heap1 = Bench.usedHeapAfterGc();
			Bench.sleep(300);
			double subWatchers = EtcdMetrics.watchers(endpoint) - watchersBefore;
			ServiceDiscovery all = ServiceDiscovery.of(allConnection, DiscoveryOptions.defaults());
			long heap2 = Bench.usedHeapAfterGc();
			Bench.sleep(300);
			double allWatchers = EtcdMetrics.watchers(endpoint) - watchersBefore - subWatchers;
			int subInstances = CALLED.stream().mapToInt((name) -> sub.instances(name).size()).sum();
			long allKeys = allConnection.watchActivity().cachedKeys();
			double subMiB = (heap1 - heap0) / (double) MIB;
			double allMiB = (heap2 - heap1) / (double) MIB;
			report.add(new Row("10b. heap retained by discovery, `subscribed` (" + subInstances + " instances held)",
					"MiB", Stats.single(subMiB), "`all` (" + allKeys + " keys held)", Stats.single(allMiB), "≤ 1 MiB",
					Bench.verdict(subMiB <= 1.0)));
			report.note(String.format("10. Heap: `all` retains %,.0f B per instance held (the decoded instance, its "
					+ "key and raw value in the mirror); `subscribed` holds the 5 services' %d instances and the "
					+ "overrides mirror, whatever the fleet size. Watchers: `subscribed` opens one per service held "
					+ "plus one on /service-overrides/, all on the connection's one gRPC watch stream; `all` one "
					+ "on /services/ plus the overrides one.", (heap2 - heap1) / (double) allKeys, subInstances));
			report.add(new Row("10c. etcd watchers opened by discovery, `subscribed`", "watchers",
					Stats.single(subWatchers), "`all`", Stats.single(allWatchers), "—", "—"));

			events(raw, sub, subConnection, allConnection);
			FleetLookups.measure(this.bench, raw, sub, all);
			services(sub, all);
			sub.close();
			all.close();
			defaultSizedAll();
		}
	}

	/** Watch changes each mode applies while 1,000 instances of services nobody calls register. */
	private void events(Client raw, ServiceDiscovery sub, EtcdConnection subConnection,
			EtcdConnection allConnection) throws Exception {
		long subBefore = subConnection.watchActivity().eventsApplied();
		long allBefore = allConnection.watchActivity().eventsApplied();
		FleetWriter.write(raw, UNRELATED, (i) -> new String[] {
				"/services/unrelated-" + (i / PER_SERVICE) + "/inst-" + (i % PER_SERVICE),
				FleetWriter.value(i / PER_SERVICE, i % PER_SERVICE) });
		Bench.spinUntil(() -> allConnection.watchActivity().eventsApplied() - allBefore >= UNRELATED,
				Duration.ofSeconds(60));
		// a marker in a subscribed service, written after the 1,000: once it is seen, the watch
		// stream has delivered everything before it
		raw.getKVClient()
			.put(EtcdConnection.bytes("/services/svc-17/inst-marker"), EtcdConnection.bytes(FleetWriter.value(17, 99)))
			.get(10, TimeUnit.SECONDS);
		Bench.spinUntil(() -> sub.instances("svc-17").size() == PER_SERVICE + 1, Duration.ofSeconds(30));
		Bench.spinUntil(() -> allConnection.watchActivity().eventsApplied() - allBefore >= UNRELATED + 1,
				Duration.ofSeconds(30));
		double subEvents = subConnection.watchActivity().eventsApplied() - subBefore - 1;
		double allEvents = allConnection.watchActivity().eventsApplied() - allBefore - 1;
		raw.getKVClient().delete(EtcdConnection.bytes("/services/svc-17/inst-marker")).get(10, TimeUnit.SECONDS);
		this.bench.report.add(new Row("10d. watch changes applied per 1,000 registrations of unrelated services, "
				+ "`subscribed`", "changes", Stats.single(subEvents), "`all`", Stats.single(allEvents), "0",
				Bench.verdict(subEvents == 0)));
	}

	/** {@code services()}: keys-only reads of the fleet when subscribed, memory with {@code all}. */
	private void services(ServiceDiscovery sub, ServiceDiscovery all) {
		List<Double> subMs = new ArrayList<>();
		List<Double> allMs = new ArrayList<>();
		int count = 0;
		String failure = null;
		for (int i = 0; i < this.bench.samples(10) + 1 && failure == null; i++) {
			long start = System.nanoTime();
			try {
				count = sub.services().size();
			}
			catch (RuntimeException ex) {
				failure = ex.toString();
			}
			double subCall = Bench.millis(System.nanoTime() - start);
			start = System.nanoTime();
			int allCount = all.services().size();
			double allCall = Bench.millis(System.nanoTime() - start);
			if (i > 0 && failure == null) {
				subMs.add(subCall);
				allMs.add(allCall);
			}
			if (failure == null && allCount != count) {
				failure = "subscribed saw " + count + " services, all " + allCount;
			}
		}
		this.bench.report.add(new Row("10f. `services()` (" + count + " names), `subscribed`: keys-only reads in pages", "ms",
				Stats.of(subMs), "`all`: from memory", Stats.of(allMs), "—",
				(failure == null) ? "—" : "**failed**"));
		this.bench.report.note("10f. `subscribed` lists service names with keys-only reads in pages of 5,000 keys "
				+ "(each page starts past the last service seen): one read of the whole fleet's keys would not "
				+ "fit jetcd's default 4 MiB message from roughly 100,000 short keys (60,000 with realistic "
				+ "instance ids). It grows with the fleet; `all` answers from memory.");
		if (failure != null) {
			this.bench.report.note("10f. `services()` in subscribed mode failed: " + failure);
		}
	}

	/** Whether the whole-prefix mirror syncs at all on a connection with jetcd's default sizes. */
	private void defaultSizedAll() {
		try (EtcdConnection connection = this.bench.connect()) {
			long start = System.nanoTime();
			try (ServiceDiscovery all = ServiceDiscovery.of(connection)) {
				this.bench.report.note(String.format("10. `all` on a connection with jetcd's default gRPC message "
						+ "limit synced in %.0f ms.", Bench.millis(System.nanoTime() - start)));
			}
			catch (RuntimeException ex) {
				this.bench.report.note("10. `all` on a connection with jetcd's default gRPC message limit (4 MiB "
						+ "inbound) does not sync a fleet of this size: " + ex.getMessage() + ". The `all` rows "
						+ "above use a connection whose client takes 256 MiB messages and a 30 s request timeout; "
						+ "`subscribed` uses the default connection.");
			}
		}
	}

	private double timeSync(EtcdConnection connection, DiscoveryOptions options) {
		long start = System.nanoTime();
		ServiceDiscovery discovery = ServiceDiscovery.of(connection, options);
		double ms = Bench.millis(System.nanoTime() - start);
		discovery.close();
		return ms;
	}

	/** A connection whose client takes the whole fleet in one response (jetcd's default is gRPC's 4 MiB). */
	private EtcdConnection wideConnection() {
		EtcdSettings settings = EtcdSettings.builder()
			.endpoints(this.bench.endpoints)
			.requestTimeout(Duration.ofSeconds(30))
			.build();
		Client client = Client.builder()
			.endpoints(this.bench.endpoints.toArray(String[]::new))
			.maxInboundMessageSize(256 << 20)
			.build();
		return EtcdConnection.wrap(client, settings).checked();
	}

}
