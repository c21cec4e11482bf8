package dev.etcdregistry.registry.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.Subscription;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.internal.KeyMirror;
import dev.etcdregistry.internal.Listeners;
import dev.etcdregistry.registry.InstanceOverride;
import dev.etcdregistry.registry.InstanceOverrides;
import dev.etcdregistry.registry.RegistrationEvent;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceKeys;
import dev.etcdregistry.registry.ServiceRegistry;

/**
 * {@link InstanceOverrides} on a {@link KeyMirror} of {@code /service-overrides/}. An
 * override is written under the instance's lease, so it is deleted with the instance when the
 * lease is lost; a delete is told apart from an operator's by reading the instance key at the
 * delete's revision (gone too: the lease took both). Such an override is written again under
 * the registry's lease as soon as it has one that lives (now, or on {@code REREGISTERED}).
 */
public final class EtcdInstanceOverrides implements InstanceOverrides {

	private static final Logger logger = LoggerFactory.getLogger(EtcdInstanceOverrides.class);

	private final EtcdConnection connection;

	private final ServiceRegistry registry;

	private final KeyMirror mirror;

	private final Listeners<InstanceOverride> listeners;

	/** Overrides of this process's instances in force, by override key. */
	private final Map<String, InstanceOverride> current = new ConcurrentHashMap<>();

	/** Overrides deleted with a lost lease, to write again, by override key. */
	private final Map<String, byte[]> lost = new ConcurrentHashMap<>();

	private final Subscription registrations;

	public EtcdInstanceOverrides(EtcdConnection connection, ServiceRegistry registry) {
		this.connection = connection;
		this.registry = registry;
		this.listeners = new Listeners<>(connection.eventPool(), "instance override");
		this.mirror = new KeyMirror(connection, ServiceKeys.OVERRIDES, true, true, this::onUpdate);
		this.registrations = registry.addListener(this::onRegistration);
	}

	public EtcdInstanceOverrides start() {
		try {
			this.mirror.start();
		}
		catch (dev.etcdregistry.EtcdRegistryException ex) {
			if (ex.reason() != dev.etcdregistry.EtcdRegistryException.Reason.PERMISSION_DENIED) {
				throw ex;
			}
			// an older least-privilege role: registration works, overrides are not followed
			logger.warn("Overrides of this application's instances are not followed ({}); grant read on {} and "
					+ "readwrite on {}<service>/ to follow them", ex.getMessage(), ServiceKeys.OVERRIDES,
					ServiceKeys.OVERRIDES);
			this.mirror.close();
		}
		return this;
	}

	/** Starts without waiting for etcd: the first read is retried in the background. */
	public EtcdInstanceOverrides startInBackground() {
		this.mirror.startInBackground();
		return this;
	}

	@Override
	public List<InstanceOverride> current() {
		return new ArrayList<>(this.current.values());
	}

	@Override
	public Subscription addListener(Consumer<InstanceOverride> listener) {
		return this.listeners.add(listener);
	}

	private boolean isOwn(String service, String id) {
		return this.registry.registrations()
			.stream()
			.anyMatch(instance -> instance.serviceName().equals(service) && instance.instanceId().equals(id));
	}

	private void onUpdate(KeyMirror.Update update) {
		for (KeyMirror.Change change : update.changes()) {
			String[] names = ServiceKeys.split(ServiceKeys.OVERRIDES, change.key());
			if (names == null || !isOwn(names[0], names[1])) {
				continue;
			}
			if (change.newValue() != null) {
				InstanceOverride override = new InstanceOverride(names[0], names[1],
						OverrideCodec.status(change.newValue()), OverrideCodec.field(change.newValue(), "by"),
						OverrideCodec.field(change.newValue(), "at"), change.revision());
				this.lost.remove(change.key());
				InstanceOverride before = this.current.put(change.key(), override);
				if (before == null || !before.equals(override) && !sameContent(before, override)) {
					logger.info("Instance '{}' of service '{}' is overridden to {} by {} (at {})", names[1], names[0],
							override.status(), override.by(), override.at());
					this.listeners.fire(override);
				}
			}
			else if (this.current.containsKey(change.key())) {
				checkDelete(change, names[0], names[1]);
			}
		}
	}

	private static boolean sameContent(InstanceOverride a, InstanceOverride b) {
		return java.util.Objects.equals(a.status(), b.status()) && java.util.Objects.equals(a.by(), b.by())
				&& java.util.Objects.equals(a.at(), b.at());
	}

	/** Whether the instance key went with the override (its lease was lost) or an operator deleted it. */
	private void checkDelete(KeyMirror.Change change, String service, String id) {
		GetOption atDelete = GetOption.builder().withRevision(change.revision()).withCountOnly(true).build();
		this.connection.client()
			.getKVClient()
			.get(EtcdConnection.bytes(ServiceKeys.instanceKey(service, id)), atDelete)
			.whenComplete((response, error) -> this.connection.eventPool().execute(() -> {
				InstanceOverride gone = this.current.remove(change.key());
				if (gone == null) {
					return;
				}
				if (error == null && response.getCount() == 0) {
					logger.info("The override of instance '{}' of service '{}' went with its lease; it is written "
							+ "again under the next one", id, service);
					this.lost.put(change.key(), change.oldValue());
					restore(change.key(), service, id);
				}
				else {
					InstanceOverride back = new InstanceOverride(service, id, null, null, null, change.revision());
					logger.info("The override of instance '{}' of service '{}' was deleted; it is back in service", id,
							service);
					this.listeners.fire(back);
				}
			}));
	}

	private void onRegistration(RegistrationEvent event) {
		ServiceInstance instance = event.instance();
		if (event.type() == RegistrationEvent.Type.REREGISTERED && instance != null) {
			String key = ServiceKeys.overrideKey(instance.serviceName(), instance.instanceId());
			if (this.lost.containsKey(key)) {
				restore(key, instance.serviceName(), instance.instanceId());
			}
		}
	}

	/** Writes a lost override again under the registry's lease, if it has one; a dead lease just fails. */
	private void restore(String key, String service, String id) {
		byte[] value = this.lost.get(key);
		if (value == null || this.registry.leaseId().isEmpty() || !isOwn(service, id)) {
			return;
		}
		long lease = this.registry.leaseId().getAsLong();
		this.connection.client()
			.getKVClient()
			.put(EtcdConnection.bytes(key), io.etcd.jetcd.ByteSequence.from(value),
					PutOption.builder().withLeaseId(lease).build())
			.whenComplete((response, error) -> {
				if (error == null) {
					this.lost.remove(key, value);
					logger.info("Wrote the override of instance '{}' of service '{}' again under lease {}", id, service,
							Long.toHexString(lease));
				}
				else {
					logger.debug("Writing the override {} again under lease {} failed; retried on the next "
							+ "re-registration", key, Long.toHexString(lease), error);
				}
			});
	}

	@Override
	public void close() {
		this.registrations.close();
		this.mirror.close();
		this.listeners.clear();
	}

}
