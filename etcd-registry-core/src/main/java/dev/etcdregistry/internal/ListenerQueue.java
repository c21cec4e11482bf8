package dev.etcdregistry.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to one consumer, one at a time and in order, on a shared pool — with a bound.
 * A consumer that hangs (or just falls behind) never makes the queue grow past
 * {@code capacity}: the queued events are then shrunk by the queue's policy, either
 * <em>coalesced</em> (a watch consumer needs only the latest state plus the changes since, so
 * queued changes are merged into one per key) or, for events that only report, the oldest
 * half is dropped. One warning per episode names the consumer; the consumer still gets the
 * newest event, so once it is released it ends with the exact final state.
 */
public final class ListenerQueue<T> {

	private static final Logger logger = LoggerFactory.getLogger(ListenerQueue.class);

	private final Executor pool;

	private final String name;

	private final Consumer<? super T> consumer;

	private final String consumerName;

	private final int capacity;

	private final UnaryOperator<List<T>> shrink;

	private final String policy;

	private final ArrayDeque<T> queue = new ArrayDeque<>();

	private boolean running;

	private boolean behind;

	private boolean closed;

	/**
	 * @param name what the events are, for logs ("discovery listener")
	 * @param consumerName which consumer, for the warning (its class, usually)
	 * @param shrink given the queued events when the queue is full, returns fewer (in order)
	 * @param policy what {@code shrink} does, for the warning
	 */
	public ListenerQueue(Executor pool, String name, Consumer<? super T> consumer, String consumerName, int capacity,
			UnaryOperator<List<T>> shrink, String policy) {
		if (capacity < 2) {
			throw new IllegalArgumentException("capacity must be at least 2, was " + capacity);
		}
		this.pool = pool;
		this.name = name;
		this.consumer = consumer;
		this.consumerName = consumerName;
		this.capacity = capacity;
		this.shrink = shrink;
		this.policy = policy;
	}

	/** A policy for events that only report: keeps the newer half. */
	public static <T> UnaryOperator<List<T>> dropOldestHalf() {
		return pending -> pending.subList(pending.size() / 2, pending.size());
	}

	/** Queues an event for the consumer; never blocks. */
	public void offer(T event) {
		boolean warn = false;
		boolean start = false;
		int before = 0;
		synchronized (this.queue) {
			if (this.closed) {
				return;
			}
			if (this.queue.size() >= this.capacity) {
				before = this.queue.size();
				List<T> kept = this.shrink.apply(new ArrayList<>(this.queue));
				this.queue.clear();
				this.queue.addAll(kept);
				while (this.queue.size() >= this.capacity) {
					this.queue.poll(); // a policy that kept too much: the oldest go
				}
				warn = !this.behind;
				this.behind = true;
			}
			this.queue.add(event);
			if (!this.running) {
				this.running = true;
				start = true;
			}
		}
		if (warn) {
			logger.warn("The {} {} is {} events behind (hung or too slow); {} until it catches up", this.name,
					this.consumerName, before, this.policy);
		}
		if (start) {
			try {
				this.pool.execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				// the owner is closing: what is queued will never be delivered, and that is intended
				synchronized (this.queue) {
					this.queue.clear();
					this.running = false;
				}
			}
		}
	}

	/** How many events wait for the consumer. */
	public int backlog() {
		synchronized (this.queue) {
			return this.queue.size();
		}
	}

	/** Drops what is queued and accepts nothing more. */
	public void close() {
		synchronized (this.queue) {
			this.closed = true;
			this.queue.clear();
		}
	}

	private void drain() {
		while (true) {
			T next;
			synchronized (this.queue) {
				next = this.queue.poll();
				if (next == null || this.closed) {
					this.running = false;
					this.behind = false;
					return;
				}
			}
			try {
				this.consumer.accept(next);
			}
			catch (RuntimeException ex) {
				logger.warn("The {} {} failed on {}; it stays registered", this.name, this.consumerName, next, ex);
			}
		}
	}

}
