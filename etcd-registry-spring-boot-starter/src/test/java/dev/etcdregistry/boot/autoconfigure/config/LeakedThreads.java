package dev.etcdregistry.boot.autoconfigure.config;

import java.util.Set;
import java.util.stream.Collectors;

import dev.etcdregistry.internal.DaemonThreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Proves that the threads etcd-registry started while a context ran end with it: take a
 * {@link #snapshot()} before starting the context, call {@link #assertNoneLeftSince} after
 * closing it.
 */
final class LeakedThreads {

	private LeakedThreads() {
	}

	static Set<Thread> snapshot() {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
	}

	static void assertNoneLeftSince(Set<Thread> before) {
		await().untilAsserted(() -> assertThat(snapshot()).filteredOn((thread) -> !before.contains(thread))
			.extracting(Thread::getName)
			.filteredOn((name) -> name.startsWith(DaemonThreads.PREFIX))
			.isEmpty());
	}

}
