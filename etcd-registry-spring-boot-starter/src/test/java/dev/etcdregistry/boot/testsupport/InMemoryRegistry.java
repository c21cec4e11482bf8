package dev.etcdregistry.boot.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import dev.etcdregistry.Subscription;
import dev.etcdregistry.registry.Registration;
import dev.etcdregistry.registry.RegistrationListener;
import dev.etcdregistry.registry.ServiceChangeEvent;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceListener;
import dev.etcdregistry.registry.ServiceRegistry;

/**
 * A core {@link ServiceRegistry} and {@link ServiceDiscovery} in memory, for tests without
 * etcd: what is registered is discovered, and every change reaches the listeners at once.
 */
public final class InMemoryRegistry implements ServiceRegistry, ServiceDiscovery {

	private final Map<String, ServiceInstance> instances = new ConcurrentHashMap<>();

	private final List<ServiceListener> listeners = new CopyOnWriteArrayList<>();

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private long revision = 1;

	private volatile boolean closed;

	/** What was called, e.g. {@code register orders/orders-1}, {@code deregister orders/orders-1}. */
	public List<String> calls() {
		return this.calls;
	}

	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public synchronized Registration register(ServiceInstance instance) {
		this.calls.add("register " + key(instance.serviceName(), instance.instanceId()));
		this.instances.put(key(instance.serviceName(), instance.instanceId()), instance);
		fire(instance.serviceName(), List.of(instance), List.of());
		return new Registration() {

			@Override
			public ServiceInstance instance() {
				return instance;
			}

			@Override
			public String key() {
				return "/services/" + InMemoryRegistry.key(instance.serviceName(), instance.instanceId());
			}

			@Override
			public void close() {
				deregister(instance.serviceName(), instance.instanceId());
			}

		};
	}

	@Override
	public synchronized boolean deregister(String serviceName, String instanceId) {
		this.calls.add("deregister " + key(serviceName, instanceId));
		ServiceInstance removed = this.instances.remove(key(serviceName, instanceId));
		if (removed != null) {
			fire(serviceName, List.of(), List.of(removed));
		}
		return removed != null;
	}

	@Override
	public List<ServiceInstance> registrations() {
		return List.copyOf(this.instances.values());
	}

	@Override
	public OptionalLong leaseId() {
		return OptionalLong.of(42);
	}

	@Override
	public Subscription addListener(RegistrationListener listener) {
		return () -> {
		};
	}

	@Override
	public List<String> services() {
		return this.instances.values().stream().map(ServiceInstance::serviceName).distinct().sorted().toList();
	}

	@Override
	public List<ServiceInstance> instances(String serviceName) {
		return this.instances.values()
			.stream()
			.filter(i -> i.serviceName().equals(serviceName))
			.sorted((a, b) -> a.instanceId().compareTo(b.instanceId()))
			.collect(Collectors.toCollection(ArrayList::new));
	}

	@Override
	public Subscription addListener(String serviceName, ServiceListener listener) {
		ServiceListener filtered = event -> {
			if (event.serviceName().equals(serviceName)) {
				listener.onChange(event);
			}
		};
		return addListener(filtered);
	}

	@Override
	public Subscription addListener(ServiceListener listener) {
		this.listeners.add(listener);
		return () -> this.listeners.remove(listener);
	}

	@Override
	public synchronized long revision() {
		return this.revision;
	}

	/** The number of listeners attached now. */
	public int listenerCount() {
		return this.listeners.size();
	}

	@Override
	public void close() {
		this.closed = true;
	}

	private void fire(String serviceName, List<ServiceInstance> added, List<ServiceInstance> removed) {
		this.revision++;
		ServiceChangeEvent event = new ServiceChangeEvent(serviceName, added, removed, List.of(),
				instances(serviceName), this.revision);
		this.listeners.forEach(listener -> listener.onChange(event));
	}

	private static String key(String serviceName, String instanceId) {
		return serviceName + "/" + instanceId;
	}

}
