package dev.etcdregistry.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Collects what is written to {@code System.err} (where the tests' slf4j-simple logs) while it
 * is open, still passing it through, so a test can count the log lines a component wrote.
 */
public final class StderrCapture implements AutoCloseable {

	private final PrintStream original = System.err;

	private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

	public StderrCapture() {
		OutputStream tee = new OutputStream() {

			@Override
			public void write(int b) {
				StderrCapture.this.original.write(b);
				synchronized (StderrCapture.this.captured) {
					StderrCapture.this.captured.write(b);
				}
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				StderrCapture.this.original.write(bytes, offset, length);
				synchronized (StderrCapture.this.captured) {
					StderrCapture.this.captured.write(bytes, offset, length);
				}
			}

		};
		System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
	}

	/** The lines captured so far that contain {@code text}. */
	public List<String> linesContaining(String text) {
		String all;
		synchronized (this.captured) {
			all = this.captured.toString(StandardCharsets.UTF_8);
		}
		return all.lines().filter(line -> line.contains(text)).toList();
	}

	@Override
	public void close() {
		System.setErr(this.original);
	}

}
