package dev.etcdregistry.testsupport;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import dev.etcdregistry.test.EtcdNode;

/**
 * Freezes and thaws an etcd node's process ({@code SIGSTOP}/{@code SIGCONT}): the node keeps
 * its sockets open but answers nothing, as a badly overloaded or swapping etcd would.
 */
public final class ProcessSignals {

	private ProcessSignals() {
	}

	public static void freeze(EtcdNode node) {
		signal(node, "-STOP");
	}

	public static void thaw(EtcdNode node) {
		signal(node, "-CONT");
	}

	private static void signal(EtcdNode node, String signal) {
		long pid = node.pid().orElseThrow(() -> new IllegalStateException(node.name() + " is not a local process"));
		try {
			Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill " + signal + " " + pid + " failed");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run kill " + signal + " " + pid, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted sending " + signal + " to " + pid, ex);
		}
	}

}
