package dev.etcdregistry.resilience;

import java.time.Duration;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.config.ConfigStore;

/**
 * The write traffic of the fault tests' application: one thread putting {@code v<n>} into a
 * few config keys in turn, each attempt numbered, retrying after a failure as an application
 * would. It records when each attempt succeeded and when the watch delivered it, so that the
 * time from a fault to the first write and to the first delivery after it can be measured.
 */
final class WriteLoop implements AutoCloseable {

	private final ConfigStore store;

	private final String prefix;

	private final int keys;

	/** Attempt number to when it succeeded / when the watch delivered it ({@link System#nanoTime()}). */
	private final NavigableMap<Long, Long> written = new ConcurrentSkipListMap<>();

	private final NavigableMap<Long, Long> delivered = new ConcurrentSkipListMap<>();

	private final AtomicLong attempts = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final Thread thread;

	private volatile boolean running = true;

	private long faultNanos;

	private long faultAttempt;

	WriteLoop(ConfigStore store, String prefix, int keys) {
		this.store = store;
		this.prefix = prefix;
		this.keys = keys;
		this.thread = new Thread(this::run, "fault-test-writer");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void run() {
		while (this.running) {
			long attempt = this.attempts.incrementAndGet();
			try {
				this.store.put(this.prefix + "k" + (attempt % this.keys), "v" + attempt);
				this.written.put(attempt, System.nanoTime());
				pause(20);
			}
			catch (EtcdRegistryException ex) {
				this.failures.incrementAndGet();
				pause(50);
			}
		}
	}

	/** Notes that the watch delivered {@code value} now. */
	void delivered(String value) {
		if (value.startsWith("v")) {
			this.delivered.putIfAbsent(Long.parseLong(value.substring(1)), System.nanoTime());
		}
	}

	/** Notes that a fault happens now: attempts started from here on measure the recovery. */
	synchronized void fault() {
		this.faultNanos = System.nanoTime();
		this.faultAttempt = this.attempts.get() + 1;
	}

	/** Whether an attempt started after the fault succeeded and the watch delivered one. */
	synchronized boolean recovered() {
		return !this.written.tailMap(this.faultAttempt).isEmpty() && !this.delivered.tailMap(this.faultAttempt).isEmpty();
	}

	/** Time from {@link #fault()} to the first attempt started after it that succeeded. */
	synchronized Duration writeRecovery() {
		return since(this.written.tailMap(this.faultAttempt).values().stream().min(Long::compare).orElseThrow());
	}

	/** Time from {@link #fault()} to the watch delivering an attempt started after it. */
	synchronized Duration watchRecovery() {
		return since(this.delivered.tailMap(this.faultAttempt).values().stream().min(Long::compare).orElseThrow());
	}

	synchronized Duration since(long nanos) {
		return Duration.ofNanos(nanos - this.faultNanos);
	}

	long failures() {
		return this.failures.get();
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Stops the loop and waits for the attempt in flight. */
	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.join(10_000);
	}

}
