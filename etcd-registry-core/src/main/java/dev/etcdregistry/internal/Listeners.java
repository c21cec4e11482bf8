package dev.etcdregistry.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import dev.etcdregistry.Subscription;

/**
 * Listeners of one kind of event. Each listener has its own bounded {@link ListenerQueue} on
 * the shared pool: it sees events in order, a slow one holds up nobody else, and a hung one
 * costs at most {@link #CAPACITY} queued events. A listener that throws is logged and kept.
 */
public final class Listeners<T> {

	/** Events queued per listener before the policy shrinks the queue. */
	public static final int CAPACITY = 256;

	private final Executor pool;

	private final String name;

	private final UnaryOperator<List<T>> shrink;

	private final String policy;

	private final List<Entry<T>> entries = new CopyOnWriteArrayList<>();

	/** Listeners of events that only report: a listener far behind loses the oldest half. */
	public Listeners(Executor pool, String name) {
		this(pool, name, ListenerQueue.dropOldestHalf(), "dropping the older half of its queued events");
	}

	/**
	 * Listeners whose queued events can be merged when one falls behind.
	 * @param coalesce merges queued events (in order) into fewer that lead to the same state
	 * @param policy what {@code coalesce} does, for the warning
	 */
	public Listeners(Executor pool, String name, UnaryOperator<List<T>> coalesce, String policy) {
		this.pool = pool;
		this.name = name;
		this.shrink = coalesce;
		this.policy = policy;
	}

	public Subscription add(Consumer<? super T> listener) {
		return add(listener, listener);
	}

	/** @param named what the warning about a listener far behind names (its class) */
	public Subscription add(Consumer<? super T> listener, Object named) {
		ListenerQueue<T> queue = new ListenerQueue<>(this.pool, this.name + " listener", listener,
				named.getClass().getName(), CAPACITY, this.shrink, this.policy);
		Entry<T> entry = new Entry<>(listener, queue);
		this.entries.add(entry);
		return () -> {
			this.entries.remove(entry);
			queue.close();
		};
	}

	public void fire(T event) {
		for (Entry<T> entry : this.entries) {
			entry.queue().offer(event);
		}
	}

	public boolean isEmpty() {
		return this.entries.isEmpty();
	}

	public void clear() {
		this.entries.forEach(entry -> entry.queue().close());
		this.entries.clear();
	}

	private record Entry<T>(Consumer<? super T> listener, ListenerQueue<T> queue) {
	}

}
