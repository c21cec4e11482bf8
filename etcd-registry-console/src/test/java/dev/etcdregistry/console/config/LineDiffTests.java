package dev.etcdregistry.console.config;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LineDiffTests {

	@Test
	void keepsCommonLinesAndMarksChanges() {
		List<String> shown = LineDiff.of("a: 1\nb: 2\nc: 3", "a: 1\nb: 20\nc: 3\nd: 4").stream()
			.map(LineDiff.Line::shown)
			.toList();
		assertThat(shown).containsExactly("  a: 1", "- b: 2", "+ b: 20", "  c: 3", "+ d: 4");
	}

	@Test
	void aFinalLineBreakIsNoExtraLine() {
		assertThat(LineDiff.of(null, "a: 1\nb: 2\n")).extracting(LineDiff.Line::shown).containsExactly("+ a: 1", "+ b: 2");
		assertThat(LineDiff.of("a\n", "a\n\n")).extracting(LineDiff.Line::shown).containsExactly("  a", "+ ");
	}

	@Test
	void createAndDelete() {
		assertThat(LineDiff.of(null, "x")).extracting(LineDiff.Line::shown).containsExactly("+ x");
		assertThat(LineDiff.of("x", null)).extracting(LineDiff.Line::shown).containsExactly("- x");
		assertThat(LineDiff.changed(LineDiff.of("same", "same"))).isFalse();
	}

}
