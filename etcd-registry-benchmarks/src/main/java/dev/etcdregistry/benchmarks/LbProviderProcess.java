package dev.etcdregistry.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A provider child JVM of figure 11 ({@link LbProvider}), its port and the line it prints on SIGTERM. */
record LbProviderProcess(Process process, int port, CompletableFuture<String> served) {

	static LbProviderProcess start(Bench bench, String id) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(javaBin, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), LbProvider.class.getName(), bench.endpointsProperty(), id,
				String.valueOf(port))
			.redirectErrorStream(true)
			.start();
		BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream()));
		String line;
		while ((line = reader.readLine()) != null && !line.contains("READY")) {
			if (line.contains("ERROR") || line.contains("Exception")) {
				System.out.println("  provider " + id + ": " + line);
			}
		}
		if (line == null) {
			throw new IllegalStateException("Provider " + id + " exited before READY");
		}
		CompletableFuture<String> served = new CompletableFuture<>();
		Thread drain = new Thread(() -> {
			try {
				String out;
				while ((out = reader.readLine()) != null) {
					if (Boolean.getBoolean("benchmarks.verbose")) {
						System.out.println("  provider " + id + ": " + out);
					}
					if (out.startsWith("SERVED ")) {
						served.complete(out);
					}
				}
			}
			catch (IOException ignored) {
				// the provider is gone
			}
			served.complete("");
		}, "lb-provider-drain-" + id);
		drain.setDaemon(true);
		drain.start();
		return new LbProviderProcess(process, port, served);
	}

	/** The wall-clock time of the last call the provider received, from its SERVED line. */
	long lastReceivedEpoch() throws Exception {
		String line = this.served.get(30, TimeUnit.SECONDS);
		if (line.isEmpty()) {
			throw new IllegalStateException("The provider did not say SERVED on SIGTERM (exit code "
					+ this.process.waitFor() + ")");
		}
		return Long.parseLong(line.substring(line.indexOf("LAST ") + 5).trim());
	}

}
