package dev.etcdregistry.boot.metrics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;

import dev.etcdregistry.Subscription;
import dev.etcdregistry.boot.config.EtcdConfigSnapshotUsedEvent;
import dev.etcdregistry.client.WatchActivity;
import dev.etcdregistry.registry.RegistrationEvent;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceRegistry;

/**
 * Meters that show an operator what the library went through: watches running, keys held in
 * memory, changes applied, interruptions, resumptions and re-reads of the watches; the
 * application's own registrations and what happened to them (lease lost, registered again,
 * restored, retrying); the size of the discovery cache; and whether the application started
 * from its local config snapshot. Gauges are read when the registry is scraped; nothing here
 * calls etcd.
 */
class EtcdMetrics implements MeterBinder, ApplicationListener<EtcdConfigSnapshotUsedEvent>, DisposableBean {

	private final WatchActivity watches;

	private final ServiceRegistry registry;

	private final ServiceDiscovery discovery;

	private final List<Subscription> subscriptions = new ArrayList<>();

	private final AtomicLong snapshotsUsed = new AtomicLong();

	/**
	 * @param watches the connection's watch activity
	 * @param registry the application's registry, or {@code null} when there is none
	 * @param discovery the discovery cache, or {@code null} when there is none
	 */
	public EtcdMetrics(WatchActivity watches, ServiceRegistry registry, ServiceDiscovery discovery) {
		this.watches = watches;
		this.registry = registry;
		this.discovery = discovery;
	}

	@Override
	public void bindTo(MeterRegistry meters) {
		Gauge.builder("etcd.watch.active", this.watches, WatchActivity::watches)
			.description("Watches running on the etcd connection")
			.register(meters);
		Gauge.builder("etcd.watch.cached.keys", this.watches, WatchActivity::cachedKeys)
			.description("Keys the watches hold in memory")
			.register(meters);
		counter(meters, "etcd.watch.events.applied", WatchActivity::eventsApplied,
				"Key changes the watches applied to their caches");
		counter(meters, "etcd.watch.interruptions", WatchActivity::interruptions,
				"Times a watch lost its stream to etcd");
		counter(meters, "etcd.watch.resumptions", WatchActivity::resumptions,
				"Times an interrupted watch continued from where it was");
		counter(meters, "etcd.watch.resyncs", WatchActivity::resyncs,
				"Times a watch read everything again (history compacted, etcd wiped or restored)");
		FunctionCounter.builder("etcd.config.snapshot.used", this.snapshotsUsed, AtomicLong::get)
			.description("Starts from the local config snapshot because etcd did not answer")
			.register(meters);
		if (this.registry != null) {
			bindRegistry(meters);
		}
		if (this.discovery != null) {
			// cachedServices(), never services(): with discovery subscribed, services() reads every key of
			// the fleet, and looking each one up would subscribe this application to all of them
			Gauge.builder("etcd.discovery.services", this.discovery, d -> d.cachedServices().size())
				.description("Services in the discovery cache")
				.register(meters);
			Gauge.builder("etcd.discovery.instances", this.discovery, EtcdMetrics::instances)
				.description("Instances in the discovery cache")
				.register(meters);
		}
	}

	private void bindRegistry(MeterRegistry meters) {
		Gauge.builder("etcd.registry.registrations", this.registry, r -> r.registrations().size())
			.description("Instances this application keeps registered")
			.register(meters);
		Map<RegistrationEvent.Type, Counter> counters = new EnumMap<>(RegistrationEvent.Type.class);
		for (RegistrationEvent.Type type : RegistrationEvent.Type.values()) {
			counters.put(type, Counter.builder("etcd.registry.events")
				.description("What happened to this application's registrations")
				.tag("type", type.name().toLowerCase(Locale.ROOT))
				.register(meters));
		}
		synchronized (this.subscriptions) {
			this.subscriptions.add(this.registry.addListener(event -> counters.get(event.type()).increment()));
		}
	}

	private void counter(MeterRegistry meters, String name, java.util.function.ToDoubleFunction<WatchActivity> count,
			String description) {
		FunctionCounter.builder(name, this.watches, count).description(description).register(meters);
	}

	private static double instances(ServiceDiscovery discovery) {
		long total = 0;
		for (String service : discovery.cachedServices()) {
			total += discovery.instances(service).size();
		}
		return total;
	}

	@Override
	public void onApplicationEvent(EtcdConfigSnapshotUsedEvent event) {
		this.snapshotsUsed.incrementAndGet();
	}

	@Override
	public void destroy() {
		synchronized (this.subscriptions) {
			this.subscriptions.forEach(Subscription::close);
			this.subscriptions.clear();
		}
	}

}
