package dev.etcdregistry.boot.connection;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SensitiveKeys}.
 */
class SensitiveKeysTests {

	private final SensitiveKeys keys = SensitiveKeys.defaults();

	@Test
	void matchesAnywhereInTheKeyIgnoringCase() {
		assertThat(this.keys.isSensitive("/config/orders/db.password")).isTrue();
		assertThat(this.keys.isSensitive("/config/orders/DB_PASSWORD")).isTrue();
		assertThat(this.keys.isSensitive("/config/orders/oauth.client-secret")).isTrue();
		assertThat(this.keys.isSensitive("/config/orders/github.token")).isTrue();
		assertThat(this.keys.isSensitive("/config/orders/aws.credentials")).isTrue();
	}

	@Test
	void ignoresSeparatorsInPatternAndKey() {
		assertThat(this.keys.isSensitive("/config/app/privateKey")).isTrue();
		assertThat(this.keys.isSensitive("/config/app/tls.private_key")).isTrue();
		assertThat(this.keys.isSensitive("/config/app/stripe.API-KEY")).isTrue();
		assertThat(this.keys.isSensitive("/config/app/apikey")).isTrue();
	}

	@Test
	void leavesOrdinaryKeysAlone() {
		assertThat(this.keys.isSensitive("/config/orders/limit")).isFalse();
		assertThat(this.keys.isSensitive("/config/orders/public-key")).isFalse();
		assertThat(this.keys.isSensitive(null)).isFalse();
		assertThat(this.keys.mask("/config/orders/limit", "10")).isEqualTo("10");
	}

	@Test
	void masksValuesButKeepsAbsentOnesAbsent() {
		assertThat(this.keys.mask("/config/db.password", "hunter2")).isEqualTo("******");
		assertThat(this.keys.mask("/config/db.password", null)).isNull();
		assertThat(this.keys.mask(Map.of("zone", "eu-1", "apiKey", "abc"))).containsEntry("zone", "eu-1")
			.containsEntry("apiKey", "******");
	}

	@Test
	void scrubsTheValueOutOfMessagesAboutSensitiveKeysOnly() {
		String message = "Failed to convert from type [String] to type [int] for value [hunter2]";
		assertThat(this.keys.scrub("/config/db.password", "hunter2", message)).doesNotContain("hunter2")
			.contains("[******]");
		assertThat(this.keys.scrub("/config/orders/limit", "lots", "for value [lots]")).isEqualTo("for value [lots]");
		assertThat(this.keys.scrub("/config/db.password", "", "empty")).isEqualTo("empty");
	}

	@Test
	void usesConfiguredPatternsOnly() {
		SensitiveKeys custom = new SensitiveKeys(List.of("PIN", " "));
		assertThat(custom.isSensitive("/config/card.pin")).isTrue();
		assertThat(custom.isSensitive("/config/db.password")).isFalse();
	}

}
