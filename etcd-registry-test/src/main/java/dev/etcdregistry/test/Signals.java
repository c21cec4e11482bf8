package dev.etcdregistry.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Sends a signal to a child process; Java itself can only send SIGTERM and SIGKILL. */
final class Signals {

	private static final long TIMEOUT_SECONDS = 10;

	private Signals() {
	}

	/**
	 * Sends {@code SIG<signal>} through {@code kill(1)} and waits until it was delivered.
	 * @param target the process
	 * @param signal the signal's name without {@code SIG}, e.g. {@code STOP}
	 * @param what the process for messages, e.g. {@code etcd node n2}
	 */
	static void send(Process target, String signal, String what) {
		ProcessBuilder builder = new ProcessBuilder("kill", "-" + signal, Long.toString(target.pid()))
			.redirectErrorStream(true);
		try {
			Process kill = builder.start();
			String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!kill.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("Could not send SIG" + signal + " to " + what + " (pid " + target.pid()
						+ "): " + output.strip());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run kill(1) to send SIG" + signal + " to " + what, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending SIG" + signal + " to " + what, ex);
		}
	}

}
