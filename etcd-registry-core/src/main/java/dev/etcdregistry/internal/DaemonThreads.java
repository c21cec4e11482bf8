package dev.etcdregistry.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names the threads etcd-registry owns, so that a thread dump (or a leak test) shows who
 * started them. They are daemons: a forgotten close must not keep a JVM alive.
 */
public final class DaemonThreads implements ThreadFactory {

	/** Every thread this library creates has a name that starts with this. */
	public static final String PREFIX = "etcd-registry-";

	private static final Logger logger = LoggerFactory.getLogger(DaemonThreads.class);

	private final String prefix;

	private final AtomicInteger counter = new AtomicInteger();

	public DaemonThreads(String role) {
		this.prefix = PREFIX + role + "-";
	}

	@Override
	public Thread newThread(Runnable task) {
		Thread thread = new Thread(task, this.prefix + this.counter.incrementAndGet());
		thread.setDaemon(true);
		thread.setUncaughtExceptionHandler(
				(t, ex) -> logger.warn("Unexpected failure on thread {}; the thread ends", t.getName(), ex));
		return thread;
	}

}
