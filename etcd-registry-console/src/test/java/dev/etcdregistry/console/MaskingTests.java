package dev.etcdregistry.console;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingTests {

	@Test
	void masksKeysMatchingAPatternIgnoringCaseAndSeparatorsUnlessRevealed() {
		Masking masking = new Masking(new ConsoleProperties());
		assertThat(masking.show("/config/orders/db.password", "x", false)).isEqualTo(Masking.MASK);
		assertThat(masking.show("/config/orders/PRIVATE_KEY", "x", false)).isEqualTo(Masking.MASK);
		assertThat(masking.show("/config/orders/apiKey", "x", false)).isEqualTo(Masking.MASK);
		assertThat(masking.show("/config/orders/db.password", "x", true)).isEqualTo("x");
		assertThat(masking.show("/config/orders/limit", "100", false)).isEqualTo("100");
	}

	@Test
	void patternsAreConfigurable() {
		ConsoleProperties properties = new ConsoleProperties();
		properties.setSensitiveKeys(List.of("pin"));
		Masking masking = new Masking(properties);
		assertThat(masking.isSensitive("/config/a/card-pin")).isTrue();
		assertThat(masking.isSensitive("/config/a/password")).isFalse();
	}

}
