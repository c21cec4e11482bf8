package dev.etcdregistry.console.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff (longest common subsequence) of two texts, for the page shown before
 * publishing and in history. Texts beyond {@link #MAX_LINES} lines are compared as a whole
 * (all old lines removed, all new added) to keep the page fast.
 */
final class LineDiff {

	static final int MAX_LINES = 3000;

	/** One line: {@code +} added, {@code -} removed, {@code ' '} unchanged. */
	record Line(char op, String text) {

		public String css() {
			return (this.op == '+') ? "add" : (this.op == '-') ? "del" : "same";
		}

		public String shown() {
			return this.op + " " + this.text;
		}

	}

	private LineDiff() {
	}

	static List<Line> of(String before, String after) {
		String[] a = split(before);
		String[] b = split(after);
		List<Line> lines = new ArrayList<>();
		if ((long) a.length * b.length > (long) MAX_LINES * MAX_LINES / 4) {
			for (String line : a) {
				lines.add(new Line('-', line));
			}
			for (String line : b) {
				lines.add(new Line('+', line));
			}
			return lines;
		}
		int[][] common = new int[a.length + 1][b.length + 1];
		for (int i = a.length - 1; i >= 0; i--) {
			for (int j = b.length - 1; j >= 0; j--) {
				common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1
						: Math.max(common[i + 1][j], common[i][j + 1]);
			}
		}
		int i = 0;
		int j = 0;
		while (i < a.length && j < b.length) {
			if (a[i].equals(b[j])) {
				lines.add(new Line(' ', a[i]));
				i++;
				j++;
			}
			else if (common[i + 1][j] >= common[i][j + 1]) {
				lines.add(new Line('-', a[i++]));
			}
			else {
				lines.add(new Line('+', b[j++]));
			}
		}
		while (i < a.length) {
			lines.add(new Line('-', a[i++]));
		}
		while (j < b.length) {
			lines.add(new Line('+', b[j++]));
		}
		return lines;
	}

	static boolean changed(List<Line> diff) {
		return diff.stream().anyMatch((line) -> line.op() != ' ');
	}

	private static String[] split(String text) {
		if (text == null || text.isEmpty()) {
			return new String[0];
		}
		// a final line break ends the last line; it does not start an empty one
		String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
		return body.split("\r?\n", -1);
	}

}
