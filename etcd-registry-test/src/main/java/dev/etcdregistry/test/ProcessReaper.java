package dev.etcdregistry.test;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Remembers every etcd process this JVM started, and the temporary directories of clusters not
 * yet closed, so that a JVM exit (a crashed or interrupted test run included) leaves nothing
 * behind. Only processes registered here are ever killed. A JVM killed with SIGKILL runs no
 * hooks; its nodes then outlive it.
 */
final class ProcessReaper {

	private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

	private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::cleanUp, "etcd-test-reaper"));
	}

	private ProcessReaper() {
	}

	static void register(Process process) {
		LIVE.add(process);
	}

	static void unregister(Process process) {
		LIVE.remove(process);
	}

	static void register(Path directory) {
		DIRECTORIES.add(directory);
	}

	static void unregister(Path directory) {
		DIRECTORIES.remove(directory);
	}

	private static void cleanUp() {
		LIVE.forEach(Process::destroyForcibly);
		for (Process process : LIVE) {
			try {
				// etcd may still write to its data directory until it is gone
				process.waitFor(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		for (Path directory : DIRECTORIES) {
			try {
				TempFiles.deleteRecursively(directory);
			}
			catch (RuntimeException ex) {
				// the JVM is exiting: a leftover temporary directory is not worth a stack trace
			}
		}
	}
}
