package dev.etcdregistry.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

/** Copies what a {@link ContainerEtcdNode}'s etcd prints into the node's log file. */
final class ContainerLog {

	private final Path logFile;

	/** Guards the log file only: Docker delivers log frames while a start holds the node's lock. */
	private final Object lock = new Object();

	ContainerLog(Path logFile) {
		this.logFile = logFile;
	}

	/** Docker ends a log stream when the container stops, so every start needs a new one. */
	void follow(DockerClient docker, String containerId, Instant since) {
		docker.logContainerCmd(containerId)
			.withStdOut(true)
			.withStdErr(true)
			.withFollowStream(true)
			.withSince((int) since.getEpochSecond())
			.exec(new ResultCallback.Adapter<Frame>() {
				@Override
				public void onNext(Frame frame) {
					append(frame.getPayload());
				}
			});
	}

	void append(byte[] bytes) {
		if (bytes == null) {
			return;
		}
		synchronized (this.lock) {
			try {
				Files.createDirectories(this.logFile.getParent());
				Files.write(this.logFile, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not write " + this.logFile, ex);
			}
		}
	}

}
