package dev.etcdregistry.console.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentCheckTests {

	@Test
	void yamlProblemsNameTheLine() {
		assertThat(DocumentCheck.problem("/config/a/application.yaml", "a: 1\nb: [x\n")).startsWith("YAML:")
			.contains("line 3");
		assertThat(DocumentCheck.problem("/config/a/application.yml", "a:\n  b: 1\n---\nc: 2\n")).isNull();
		assertThat(DocumentCheck.problem("/config/a/application.yaml", "- a\n- b\n")).contains("mapping");
	}

	@Test
	void yamlTypeTagsAreNotInstantiated() {
		assertThat(DocumentCheck.problem("/config/a/x.yaml", "a: !!java.io.File [\"/tmp\"]\n")).startsWith("YAML:");
	}

	@Test
	void jsonAndPropertiesAreChecked() {
		assertThat(DocumentCheck.problem("/config/a/x.json", "{\"a\": 1,}")).startsWith("JSON:").contains("line 1");
		assertThat(DocumentCheck.problem("/config/a/x.json", "{\"a\": {\"b\": [1, 2]}}")).isNull();
		assertThat(DocumentCheck.problem("/config/a/x.properties", "a=\\u12")).startsWith("properties:");
		assertThat(DocumentCheck.problem("/config/a/x.properties", "a=1\nb.c=two\n")).isNull();
	}

	@Test
	void keyPerPropertyValuesAreFreeText() {
		assertThat(DocumentCheck.problem("/config/a/limit", "{not json")).isNull();
	}

}
