package dev.etcdregistry.benchmarks;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.registry.ServiceDiscovery;

/**
 * A fresh-JVM probe for figure 8's explanation, no Spring: how long the first
 * {@link EtcdConnection#connect} (jetcd, gRPC and Netty class loading, channel, one verified
 * call) and the first {@link ServiceDiscovery#of} take in a cold JVM. Prints
 * {@code PROBE <connect ms> <discovery ms> <classes loaded by connect> <classes loaded by discovery> <second connect ms>}.
 */
public final class ConnectProbe {

	private ConnectProbe() {
	}

	public static void main(String[] args) {
		ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
		long classesBefore = classes.getLoadedClassCount();
		long start = System.nanoTime();
		EtcdConnection connection = EtcdConnection
			.connect(EtcdSettings.builder().endpoints(List.of(args[0].split(","))).build());
		long connected = System.nanoTime();
		long classesConnected = classes.getLoadedClassCount();
		ServiceDiscovery discovery = ServiceDiscovery.of(connection);
		long synced = System.nanoTime();
		// the same again in the now warm JVM: what is left is channel set-up and round trips
		EtcdConnection second = EtcdConnection
			.connect(EtcdSettings.builder().endpoints(List.of(args[0].split(","))).build());
		long secondConnected = System.nanoTime();
		second.close();
		System.out.println("PROBE " + (connected - start) / 1_000_000 + " " + (synced - connected) / 1_000_000 + " "
				+ (classesConnected - classesBefore) + " " + (classes.getLoadedClassCount() - classesConnected) + " "
				+ (secondConnected - synced) / 1_000_000);
		discovery.close();
		connection.close();
		System.exit(0);
	}

}
