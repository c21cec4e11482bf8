package dev.etcdregistry.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EtcdVersionsTests {

	@Test
	void readsTheServerVersionOutOfEtcdsVersionOutput() {
		String output = """
				etcd Version: 3.5.16
				Git SHA: Not provided (use ./build instead of go build)
				Go Version: go1.22.2
				Go OS/Arch: linux/amd64
				""";

		assertThat(EtcdVersions.parse(output)).isEqualTo("3.5.16");
	}

	@Test
	void saysUnknownWhenTheOutputNamesNoVersion() {
		assertThat(EtcdVersions.parse("flag provided but not defined: -version")).isEqualTo("unknown");
	}

}
