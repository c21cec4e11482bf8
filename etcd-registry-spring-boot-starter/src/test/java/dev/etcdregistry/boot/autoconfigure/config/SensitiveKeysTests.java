package dev.etcdregistry.boot.autoconfigure.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SensitiveKeysTests {

	@Test
	void masksValuesOfKeysThatLookSensitive() {
		assertThat(SensitiveKeys.show("/config/db/PASSWORD", "x")).isEqualTo("******");
		assertThat(SensitiveKeys.show("/config/api/clientSecret", "x")).isEqualTo("******");
		assertThat(SensitiveKeys.show("/config/api/token", "x")).isEqualTo("******");
		assertThat(SensitiveKeys.show("/config/aws/credentials", "x")).isEqualTo("******");
		assertThat(SensitiveKeys.show("/config/tls/private-key", "x")).isEqualTo("******");
	}

	@Test
	void showsOtherValues() {
		assertThat(SensitiveKeys.show("/config/orders/limit", "10")).isEqualTo("10");
		assertThat(SensitiveKeys.show("/config/orders/limit", null)).isNull();
	}

}
