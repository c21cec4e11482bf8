package dev.etcdregistry.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import dev.etcdregistry.Subscription;
import dev.etcdregistry.internal.Listeners;

/**
 * What the watches of one {@link EtcdConnection} are doing: how many run, how many keys they
 * hold in memory, how many changes they applied, and how often they were interrupted, resumed
 * or re-read. Listeners get a {@link WatchStatusEvent} for every interruption, resumption and
 * re-read, each on its own serial queue.
 *
 * <p>The counters only grow; gauges ({@link #watches()}, {@link #cachedKeys()}) are read live.
 * The {@code track}, {@code applied} and {@code publish} methods are how the library's own
 * watches report; applications only read and listen.
 */
public final class WatchActivity {

	private final Listeners<WatchStatusEvent> listeners;

	private final Set<IntSupplier> watches = ConcurrentHashMap.newKeySet();

	private final LongAdder eventsApplied = new LongAdder();

	private final LongAdder interruptions = new LongAdder();

	private final LongAdder resumptions = new LongAdder();

	private final LongAdder resyncs = new LongAdder();

	WatchActivity(Executor pool) {
		this.listeners = new Listeners<>(pool, "watch status");
	}

	/** Adds a listener for interruptions, resumptions and re-reads. */
	public Subscription addListener(Consumer<? super WatchStatusEvent> listener) {
		return this.listeners.add(listener);
	}

	/** The number of watches running on this connection. */
	public int watches() {
		return this.watches.size();
	}

	/** The number of keys all watches of this connection hold in memory. */
	public long cachedKeys() {
		long total = 0;
		for (IntSupplier keys : this.watches) {
			total += keys.getAsInt();
		}
		return total;
	}

	/** The key changes (puts and deletes that changed something) applied since the connection opened. */
	public long eventsApplied() {
		return this.eventsApplied.sum();
	}

	/** How many times a watch lost its stream. */
	public long interruptions() {
		return this.interruptions.sum();
	}

	/** How many times an interrupted watch got its stream back without a re-read. */
	public long resumptions() {
		return this.resumptions.sum();
	}

	/** How many times a watch read everything again. */
	public long resyncs() {
		return this.resyncs.sum();
	}

	/**
	 * Counts a watch as running until the returned subscription is cancelled.
	 * @param cachedKeys how many keys the watch holds, read whenever {@link #cachedKeys()} is
	 */
	public Subscription track(IntSupplier cachedKeys) {
		IntSupplier entry = cachedKeys::getAsInt; // a distinct object even when the same supplier is tracked twice
		this.watches.add(entry);
		return () -> this.watches.remove(entry);
	}

	/** Counts changes a watch applied. */
	public void applied(int changes) {
		this.eventsApplied.add(changes);
	}

	/** Counts the event and hands it to the listeners. */
	public void publish(WatchStatusEvent event) {
		switch (event.type()) {
			case INTERRUPTED -> this.interruptions.increment();
			case RESUMED -> this.resumptions.increment();
			case RESYNCED -> this.resyncs.increment();
		}
		this.listeners.fire(event);
	}

	void clear() {
		this.listeners.clear();
	}

}
