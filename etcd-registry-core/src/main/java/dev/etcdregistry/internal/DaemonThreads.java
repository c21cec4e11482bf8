package dev.etcdregistry.internal;

import java.util.concurrent.ThreadFactory;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.client.EtcdConnection;

/**
 * The thread factories of the threads etcd-registry owns (Guava's {@link ThreadFactoryBuilder},
 * on the class path through jetcd): daemons, so that a forgotten close cannot keep a JVM alive,
 * named {@value EtcdConnection#THREAD_NAME_PREFIX}{@code <role>-<n>} so that a thread dump or a
 * leak test shows who started them, and an unexpected failure is logged, not lost.
 */
public final class DaemonThreads {

	private static final Logger logger = LoggerFactory.getLogger(DaemonThreads.class);

	private DaemonThreads() {
	}

	/** A factory for threads of {@code role}, numbered from 0 per factory. */
	public static ThreadFactory named(String role) {
		return new ThreadFactoryBuilder().setNameFormat(EtcdConnection.THREAD_NAME_PREFIX + role + "-%d")
			.setDaemon(true)
			.setUncaughtExceptionHandler(
					(thread, ex) -> logger.warn("Unexpected failure on thread {}; the thread ends", thread.getName(), ex))
			.build();
	}

}
