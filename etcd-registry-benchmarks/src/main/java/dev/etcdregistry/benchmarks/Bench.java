package dev.etcdregistry.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import io.etcd.jetcd.Client;

/** What every harness shares: the etcd endpoints, the report, the run size and small helpers. */
final class Bench {

	final List<String> endpoints;

	final Report report;

	final boolean quick;

	Bench(List<String> endpoints, Report report, boolean quick) {
		this.endpoints = endpoints;
		this.report = report;
		this.quick = quick;
	}

	/** {@code full} samples, or a tenth (at least 3) in a quick run. */
	int samples(int full) {
		return this.quick ? Math.max(3, full / 10) : full;
	}

	EtcdConnection connect() {
		return EtcdConnection.connect(EtcdSettings.builder().endpoints(this.endpoints).build());
	}

	Client rawClient() {
		return Client.builder().endpoints(this.endpoints.toArray(String[]::new)).build();
	}

	String endpointsProperty() {
		return String.join(",", this.endpoints);
	}

	/**
	 * Spins until the condition holds and returns {@link System#nanoTime()} at that moment.
	 * @throws IllegalStateException after {@code timeout}
	 */
	static long spinUntil(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long now = System.nanoTime();
			if (condition.getAsBoolean()) {
				return now;
			}
			if (now > deadline) {
				throw new IllegalStateException("Condition not reached within " + timeout);
			}
			Thread.onSpinWait();
		}
	}

	static double millis(long nanos) {
		return nanos / 1_000_000.0;
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Heap used after two full GCs, in bytes. */
	static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
			sleep(100);
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	static int threads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	static String verdict(boolean met) {
		return met ? "yes" : "**no**";
	}

}
