package dev.etcdregistry.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers for node directories and logs. */
final class TempFiles {

	private static final int TAIL_LINES = 40;

	private TempFiles() {
	}

	static void deleteRecursively(Path path) {
		if (path == null || !Files.exists(path)) {
			return;
		}
		try (Stream<Path> files = Files.walk(path)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + path, ex);
		}
	}

	static long size(Path file) {
		try {
			return Files.exists(file) ? Files.size(file) : 0;
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** The text written to {@code file} after byte {@code offset}: what the current run of a node logged. */
	static String readFrom(Path file, long offset) {
		try {
			if (!Files.exists(file)) {
				return "";
			}
			byte[] bytes = Files.readAllBytes(file);
			int from = (int) Math.min(Math.max(offset, 0), bytes.length);
			return new String(bytes, from, bytes.length - from, java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(could not read " + file + ": " + ex.getMessage() + ")";
		}
	}

	/** The last lines of {@code text}, indented, for error messages. */
	static String tail(String text) {
		String[] lines = text.split("\\R");
		int from = Math.max(0, lines.length - TAIL_LINES);
		StringBuilder tail = new StringBuilder();
		for (int i = from; i < lines.length; i++) {
			tail.append("    ").append(lines[i]).append(System.lineSeparator());
		}
		return tail.toString();
	}
}
