package dev.etcdregistry.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.Subscription;

/**
 * Listeners of one kind of event. Each listener has its own serial queue on the shared pool:
 * it sees events in order, and a slow one holds up nobody else. A listener that throws is
 * logged and kept.
 */
public final class Listeners<T> {

	private static final Logger logger = LoggerFactory.getLogger(Listeners.class);

	private final Executor pool;

	private final String name;

	private final List<Entry<T>> entries = new CopyOnWriteArrayList<>();

	public Listeners(Executor pool, String name) {
		this.pool = pool;
		this.name = name;
	}

	public Subscription add(Consumer<? super T> listener) {
		Entry<T> entry = new Entry<>(listener, new SerialExecutor(this.pool, this.name + " listener"));
		this.entries.add(entry);
		return () -> this.entries.remove(entry);
	}

	public void fire(T event) {
		for (Entry<T> entry : this.entries) {
			entry.queue().execute(() -> {
				if (!this.entries.contains(entry)) {
					return;
				}
				try {
					entry.listener().accept(event);
				}
				catch (RuntimeException ex) {
					logger.warn("A {} listener failed on {}; it stays registered", this.name, event, ex);
				}
			});
		}
	}

	public boolean isEmpty() {
		return this.entries.isEmpty();
	}

	public void clear() {
		this.entries.clear();
	}

	private record Entry<T>(Consumer<? super T> listener, SerialExecutor queue) {
	}

}
