package dev.etcdregistry.boot.connection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Loads, on a daemon thread, the classes a first etcd connection needs (jetcd, gRPC, Netty,
 * protobuf, Vert.x; listed in {@value #LIST}), so that reading and defining them from the jars
 * overlaps with Spring's own start instead of happening when the connection is opened. Classes
 * are loaded but not initialized: running static initializers out of order on a second thread
 * could deadlock with the thread that connects. A missing class is skipped (the list comes
 * from one jetcd version; a stale entry only costs its lookup).
 */
final class JetcdClassPreloader implements Runnable {

	static final String LIST = "META-INF/etcd-registry/preload-classes.txt";

	private final ClassLoader classLoader;

	private volatile boolean stopped;

	private final Thread thread;

	private JetcdClassPreloader(ClassLoader classLoader) {
		this.classLoader = classLoader;
		this.thread = new Thread(this, "etcd-registry-preload");
		this.thread.setDaemon(true);
		this.thread.setPriority(Thread.MIN_PRIORITY);
	}

	static JetcdClassPreloader start(ClassLoader classLoader) {
		JetcdClassPreloader preloader = new JetcdClassPreloader(classLoader);
		preloader.thread.start();
		return preloader;
	}

	@Override
	public void run() {
		InputStream in = this.classLoader.getResourceAsStream(LIST);
		if (in == null) {
			return;
		}
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String name;
			while (!this.stopped && (name = reader.readLine()) != null) {
				if (!name.isBlank() && !name.startsWith("#")) {
					load(name.strip());
				}
			}
		}
		catch (IOException ex) {
			// a warm-up only: the connection loads whatever is still missing
		}
	}

	private void load(String name) {
		try {
			Class.forName(name, false, this.classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			// not on this class path or another version: nothing to warm
		}
	}

	/** Stops after the class being loaded and waits (bounded) for the thread to end. */
	void stop() {
		this.stopped = true;
		try {
			this.thread.join(2000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
