package dev.etcdregistry.samples.core;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigBatch;
import dev.etcdregistry.config.ConfigChangeEvent;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.registry.InstanceChooser;
import dev.etcdregistry.registry.ServiceChangeEvent;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;

/**
 * The seed tutorial's story told with the core library, in the terminal: config put, watched
 * and changed live (a transaction arriving as one event, history, rollback); two instances
 * of a service registered under their own leases, discovered, load-balanced, and one leaving.
 *
 * <p>Uses {@code ETCD_ENDPOINTS} (and {@code ETCD_USERNAME} / {@code ETCD_PASSWORD}) when
 * set; otherwise it starts a throw-away local etcd through the test kit, a development
 * convenience only.
 */
public final class CoreDemo {

	private final PrintStream out;

	CoreDemo(PrintStream out) {
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		String endpoints = System.getenv("ETCD_ENDPOINTS");
		EtcdCluster local = null;
		if (endpoints == null || endpoints.isBlank()) {
			local = EtcdCluster.builder().build().start();
			endpoints = local.endpointsAsString();
			System.out.println("No ETCD_ENDPOINTS set: started a local etcd for this demo at " + endpoints);
		}
		EtcdSettings settings = EtcdSettings.builder()
			.endpoints(endpoints)
			.username(System.getenv("ETCD_USERNAME"))
			.password(System.getenv("ETCD_PASSWORD"))
			.namespace("/demo-" + ProcessHandle.current().pid())
			.build();
		try (EtcdConnection etcd = EtcdConnection.connect(settings)) {
			new CoreDemo(System.out).run(etcd);
		}
		finally {
			if (local != null) {
				local.close();
			}
		}
	}

	void run(EtcdConnection etcd) throws InterruptedException {
		configCenter(ConfigStore.of(etcd));
		serviceRegistry(etcd);
		step("Done.");
	}

	private void configCenter(ConfigStore config) throws InterruptedException {
		step("Config center");
		long first = config.put("/config/orders/greeting", "hello");
		BlockingQueue<ConfigChangeEvent> events = new LinkedBlockingQueue<>();
		try (ConfigWatch watch = config.watchPrefix("/config/orders/", events::add)) {
			say("watching /config/orders/, current values: " + watch.values());
			config.put("/config/orders/greeting", "hello, etcd");
			show(events.poll(5, TimeUnit.SECONDS));
			config.commit(ConfigBatch.builder()
				.put("/config/orders/pool.size", "16")
				.put("/config/orders/timeout", "2s")
				.build());
			say("two keys written in one transaction:");
			show(events.poll(5, TimeUnit.SECONDS));
			say("history of greeting: " + config.history("/config/orders/greeting").stream()
				.map(change -> change.type() + " '" + change.newValue() + "' @" + change.revision())
				.toList());
			config.rollbackPrefix("/config/orders/", first);
			say("rolled /config/orders/ back to revision " + first + ":");
			show(events.poll(5, TimeUnit.SECONDS));
			say("values now: " + watch.values());
		}
	}

	private void serviceRegistry(EtcdConnection etcd) throws InterruptedException {
		step("Service registry");
		BlockingQueue<ServiceChangeEvent> changes = new LinkedBlockingQueue<>();
		try (ServiceDiscovery discovery = ServiceDiscovery.of(etcd)) {
			discovery.addListener("my_service", changes::add);
			ServiceRegistry first = ServiceRegistry.of(etcd);
			ServiceRegistry second = ServiceRegistry.of(etcd);
			first.register(ServiceInstance.of("my_service", "instance_1", "localhost", 3000));
			second.register(ServiceInstance.of("my_service", "instance_2", "localhost", 3002));
			say("registered instance_1 (lease " + Long.toHexString(first.leaseId().orElseThrow())
					+ ") and instance_2 (lease " + Long.toHexString(second.leaseId().orElseThrow()) + ")");
			while (discovery.instances("my_service").size() < 2) {
				changes.poll(5, TimeUnit.SECONDS);
			}
			say("discovered: " + discovery.instances("my_service").stream().map(i -> i.instanceId() + " " + i.uri())
				.toList());
			InstanceChooser roundRobin = InstanceChooser.roundRobin();
			List<String> picks = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				picks.add(discovery.choose("my_service", roundRobin).orElseThrow().instanceId());
			}
			say("round robin, 4 calls: " + picks + " (from memory, no etcd round trip)");
			long stopped = System.nanoTime();
			second.close();
			ServiceChangeEvent gone = changes.poll(5, TimeUnit.SECONDS);
			while (gone != null && gone.removed().isEmpty()) { // skip the "added" events still queued
				gone = changes.poll(5, TimeUnit.SECONDS);
			}
			if (gone == null) {
				say("instance_2 shut down, but discovery saw no change within 5 s");
				first.close();
				return;
			}
			say("instance_2 shut down; discovery saw it leave after "
					+ Duration.ofNanos(System.nanoTime() - stopped).toMillis() + " ms (lease revoked, not "
					+ "waiting for the 10 s TTL): removed " + names(gone.removed()) + ", left " + names(gone.instances()));
			first.close();
		}
	}

	private static List<String> names(List<ServiceInstance> instances) {
		return instances.stream().map(ServiceInstance::instanceId).toList();
	}

	private void show(ConfigChangeEvent event) {
		if (event == null) {
			say("  (no event within 5 s)");
			return;
		}
		event.changes().forEach(change -> say("  event @" + event.revision() + ": " + change.type() + " "
				+ change.key() + " '" + change.oldValue() + "' -> '" + change.newValue() + "'"));
	}

	private void step(String title) {
		this.out.println();
		this.out.println("== " + title);
	}

	private void say(String line) {
		this.out.println("   " + line);
	}

}
