package dev.etcdregistry.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool. Each watch and each
 * listener group gets one, so its events stay ordered while a slow consumer holds up only
 * its own queue, never jetcd's threads or other watches.
 */
public final class SerialExecutor implements Executor {

	private static final Logger logger = LoggerFactory.getLogger(SerialExecutor.class);

	private final Executor pool;

	private final String name;

	private final Queue<Runnable> queue = new ArrayDeque<>();

	private boolean running;

	public SerialExecutor(Executor pool, String name) {
		this.pool = pool;
		this.name = name;
	}

	@Override
	public void execute(Runnable task) {
		synchronized (this.queue) {
			this.queue.add(task);
			if (this.running) {
				return;
			}
			this.running = true;
		}
		try {
			this.pool.execute(this::drain);
		}
		catch (RejectedExecutionException ex) {
			// the owner is closing: what is queued will never run, and that is intended
			synchronized (this.queue) {
				this.queue.clear();
				this.running = false;
			}
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
