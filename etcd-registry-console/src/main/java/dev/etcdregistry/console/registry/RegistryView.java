package dev.etcdregistry.console.registry;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.etcdregistry.config.ConfigChange;
import dev.etcdregistry.config.ConfigChangeEvent;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.console.EtcdSession;
import dev.etcdregistry.console.Fragments;
import dev.etcdregistry.console.RevisionClock;
import dev.etcdregistry.registry.ServiceKeys;

/**
 * One person's live view of the registry: <b>one</b> prefix watch on {@code /services/}, made
 * with their own etcd connection, feeding every page they have open through Server-Sent
 * Events. Watch events only mark services as changed; a push task on the console's executor
 * then renders the fragments and sends them. Pending changes coalesce: at most one push task
 * per view is queued, and it sends the latest state, so a burst of registrations is one push.
 */
final class RegistryView implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RegistryView.class);

	static final Duration EMITTER_TIMEOUT = Duration.ofMinutes(10);

	private record Subscriber(SseEmitter emitter, String service) {
	}

	private final EtcdSession session;

	private final Executor pushes;

	private final Fragments fragments;

	private final RevisionClock clock;

	private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

	// guarded by this: what changed since the last push, and whether a push is queued
	private final Set<String> changed = new HashSet<>();

	private boolean everything;

	private boolean queued;

	private volatile ConfigWatch watch;

	/** The session's CSRF token for the buttons in pushed fragments (any masked copy is valid). */
	private volatile Object csrf;

	private final Consumer<RegistryView> onClose;

	RegistryView(EtcdSession session, Executor pushes, Fragments fragments, RevisionClock clock,
			Consumer<RegistryView> onClose) {
		this.session = session;
		this.onClose = onClose;
		this.pushes = pushes;
		this.fragments = fragments;
		this.clock = clock;
	}

	RegistryView start() {
		this.watch = this.session.store().watchPrefix(ServiceKeys.SERVICES, this::onEvent);
		this.clock.saw(this.watch.revision());
		return this;
	}

	/** The services with their instance counts, from the watch's copy (no etcd call). */
	List<ServiceSummary> services() {
		Map<String, int[]> counts = new TreeMap<>();
		this.watch.values().forEach((key, value) -> {
			String service = serviceOf(key);
			if (service != null) {
				int[] count = counts.computeIfAbsent(service, (s) -> new int[2]);
				count[0]++;
				if (!looksLikeInstance(value)) {
					count[1]++;
				}
			}
		});
		List<ServiceSummary> services = new ArrayList<>(counts.size());
		counts.forEach((name, count) -> services.add(new ServiceSummary(name, count[0], count[1])));
		return services;
	}

	long revision() {
		return this.watch.revision();
	}

	/** The service of an instance key, {@code null} for any other key. */
	private static String serviceOf(String key) {
		String[] parts = ServiceKeys.split(ServiceKeys.SERVICES, key);
		return (parts != null) ? parts[0] : null;
	}

	private static boolean looksLikeInstance(String value) {
		return value != null && value.startsWith("{") && value.contains("\"host\"") && value.contains("\"port\"");
	}

	/** Subscribes a page: the services list ({@code service == null}) or one service's instances. */
	SseEmitter subscribe(String service, Object csrf) {
		this.csrf = csrf;
		SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT.toMillis());
		Subscriber subscriber = new Subscriber(emitter, service);
		emitter.onCompletion(() -> this.subscribers.remove(subscriber));
		emitter.onTimeout(() -> this.subscribers.remove(subscriber));
		emitter.onError((error) -> this.subscribers.remove(subscriber));
		this.subscribers.add(subscriber);
		// whatever changed between the page's render and this subscription reaches it now
		markChanged(null, true);
		return emitter;
	}

	int subscriberCount() {
		return this.subscribers.size();
	}

	private void onEvent(ConfigChangeEvent event) {
		this.clock.saw(event.revision());
		Set<String> services = new HashSet<>();
		for (ConfigChange change : event.changes()) {
			String service = serviceOf(change.key());
			if (service != null) {
				services.add(service);
			}
		}
		markChanged(services, event.resync());
	}

	private void markChanged(Set<String> services, boolean all) {
		// queued: a push task is submitted or running; it picks up this change before it ends
		boolean submit;
		synchronized (this) {
			if (services != null) {
				this.changed.addAll(services);
			}
			this.everything |= all;
			submit = !this.queued;
			this.queued = true;
		}
		if (submit) {
			try {
				this.pushes.execute(this::push);
			}
			catch (RejectedExecutionException ex) {
				// the console is shutting down: nobody is left to push to
			}
		}
	}

	/**
	 * Sends what changed, then again while more changed meanwhile. {@code queued} stays set
	 * until nothing is left, so a view never has two pushes running: an older state rendered
	 * late would otherwise overwrite a newer one in the browser.
	 */
	private void push() {
		while (true) {
			Set<String> services;
			boolean all;
			synchronized (this) {
				if (this.changed.isEmpty() && !this.everything) {
					this.queued = false;
					return;
				}
				services = new HashSet<>(this.changed);
				all = this.everything;
				this.changed.clear();
				this.everything = false;
			}
			if (!this.session.isClosed() && !this.subscribers.isEmpty()) {
				pushOnce(services, all);
			}
		}
	}

	private void pushOnce(Set<String> services, boolean all) {
		String list = null;
		Map<String, String> instances = new HashMap<>();
		for (Subscriber subscriber : this.subscribers) {
			try {
				if (subscriber.service() == null) {
					list = (list != null) ? list : renderList();
					send(subscriber, "services", list);
				}
				else if (all || services.contains(subscriber.service())) {
					String rows = instances.computeIfAbsent(subscriber.service(), this::renderInstances);
					send(subscriber, "instances", rows);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Pushing the registry to '{}' failed: {}", this.session.user(), ex.getMessage());
				logger.debug("Push failure", ex);
			}
		}
	}

	private String renderList() {
		return this.fragments.render("registry/services", "rows",
				Map.of("services", services(), "revision", revision()));
	}

	private String renderInstances(String service) {
		List<InstanceRow> rows = new InstanceReader(this.session.connection(), this.clock).read(service);
		return this.fragments.render("registry/service", "rows", Map.of("service", service, "instances", rows, "_csrf", this.csrf));
	}

	private void send(Subscriber subscriber, String name, String html) {
		try {
			subscriber.emitter().send(SseEmitter.event().name(name).data(html));
		}
		catch (IOException | IllegalStateException ex) {
			// the browser went away; it reconnects by itself if the page is still open
			this.subscribers.remove(subscriber);
			subscriber.emitter().completeWithError(ex);
		}
	}

	/** Completes every event stream (browsers reconnect while the console still runs). */
	void endPushes() {
		this.subscribers.forEach((subscriber) -> subscriber.emitter().complete());
		this.subscribers.clear();
	}

	@Override
	public void close() {
		this.onClose.accept(this);
		ConfigWatch current = this.watch;
		if (current != null) {
			current.close();
		}
		endPushes();
	}

}
