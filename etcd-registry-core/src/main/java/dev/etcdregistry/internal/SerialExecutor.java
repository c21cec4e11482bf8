package dev.etcdregistry.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool. Each watch gets one, so its
 * events stay ordered while a slow one holds up only its own queue, never jetcd's threads or
 * other watches. Code of users never runs here (listeners have their {@link ListenerQueue}).
 *
 * <p>Bounded, with drop-and-resync as the policy: when {@code capacity} tasks wait, they are all
 * dropped and {@code onOverflow} (which must bring the owner back to a correct state by itself,
 * a full re-read for a watch) runs in their place, then the new task. One warning per episode.
 * A dropped task that is a {@link DroppableTask} is told so (on the submitting thread), so that
 * whoever waits for it can stop waiting; so is one that can never run because the pool was shut.
 *
 * <p>Kept rather than Guava's {@code MoreExecutors.newSequentialExecutor} (on the class path
 * through jetcd): that one queues without bound, and a stuck consumer (a watch whose etcd
 * stalls, a registry waiting for a frozen etcd) would then pile up every event in memory. The
 * bound with drop-and-resync and the drop notice are what this class is for.
 */
public final class SerialExecutor implements Executor {

	private static final Logger logger = LoggerFactory.getLogger(SerialExecutor.class);

	private final Executor pool;

	private final String name;

	private final int capacity;

	private final Runnable onOverflow;

	private final Queue<Runnable> queue = new ArrayDeque<>();

	private boolean running;

	private boolean overflowed;

	private long overflows;

	/** A task that must hear when it was dropped: its owner's recovery does its work instead. */
	public interface DroppableTask extends Runnable {

		/** Called instead of {@link #run()}, on the thread that submitted the task that overflowed. */
		void dropped();

	}

	public SerialExecutor(Executor pool, String name, int capacity, Runnable onOverflow) {
		if (capacity < 2) {
			throw new IllegalArgumentException("capacity must be at least 2, was " + capacity);
		}
		this.pool = pool;
		this.name = name;
		this.capacity = capacity;
		this.onOverflow = onOverflow;
	}

	@Override
	public void execute(Runnable task) {
		boolean warn = false;
		boolean start = false;
		List<Runnable> dropped = List.of();
		synchronized (this.queue) {
			if (this.queue.size() >= this.capacity) {
				dropped = new ArrayList<>(this.queue);
				this.queue.clear();
				this.queue.add(this.onOverflow);
				warn = !this.overflowed;
				this.overflowed = true;
				this.overflows++;
			}
			this.queue.add(task);
			if (!this.running) {
				this.running = true;
				start = true;
			}
		}
		if (warn) {
			logger.warn("{} fell {} tasks behind; dropped them and recovers from scratch", this.name, this.capacity);
		}
		tellDropped(dropped);
		if (!start) {
			return;
		}
		try {
			this.pool.execute(this::drain);
		}
		catch (RejectedExecutionException ex) {
			// the owner is closing: what is queued will never run, and that is intended
			synchronized (this.queue) {
				dropped = new ArrayList<>(this.queue);
				this.queue.clear();
				this.running = false;
			}
			tellDropped(dropped);
		}
	}

	private static void tellDropped(List<Runnable> dropped) {
		for (Runnable task : dropped) {
			if (task instanceof DroppableTask droppable) {
				droppable.dropped();
			}
		}
	}

	/** How many times the queue overflowed since it was made. */
	public long overflows() {
		synchronized (this.queue) {
			return this.overflows;
		}
	}

	/** How many tasks wait to run. */
	public int backlog() {
		synchronized (this.queue) {
			return this.queue.size();
		}
	}

	private void drain() {
		while (true) {
			Runnable next;
			synchronized (this.queue) {
				next = this.queue.poll();
				if (next == null) {
					this.running = false;
					this.overflowed = false;
					return;
				}
			}
			try {
				next.run();
			}
			catch (RuntimeException | Error ex) {
				logger.warn("A task of {} failed; the following tasks still run", this.name, ex);
			}
		}
	}

}
