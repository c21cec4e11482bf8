package dev.etcdregistry.boot.config;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Holds events published while beans are initialized until the context is refreshed: before
 * that, {@code @EventListener} methods are not registered yet and would miss them.
 */
final class DeferredEventPublisher implements ApplicationEventPublisher {

	private final ApplicationEventPublisher target;

	private List<Object> pending = new ArrayList<>();

	DeferredEventPublisher(ApplicationEventPublisher target) {
		this.target = target;
	}

	@Override
	public void publishEvent(Object event) {
		synchronized (this) {
			if (this.pending != null) {
				this.pending.add(event);
				return;
			}
		}
		this.target.publishEvent(event);
	}

	/** Publishes the held events; later ones go out at once. */
	void release() {
		List<Object> held;
		synchronized (this) {
			held = this.pending;
			this.pending = null;
		}
		if (held != null) {
			held.forEach(this.target::publishEvent);
		}
	}

}
