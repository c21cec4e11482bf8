package dev.etcdregistry.boot.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.ResolvableType;
import org.springframework.core.convert.TypeDescriptor;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ConfigValueConverterTests {

	private final ConfigValueConverter converter = new ConfigValueConverter(
			ApplicationConversionService.getSharedInstance(), JsonMapper.builder().build());

	record Point(int x, int y) {
	}

	enum Color {

		RED, GREEN

	}

	@Test
	void convertsSimpleTypes() {
		assertThat(this.converter.convert("42", TypeDescriptor.valueOf(int.class))).isEqualTo(42);
		assertThat(this.converter.convert("true", TypeDescriptor.valueOf(Boolean.class))).isEqualTo(true);
		assertThat(this.converter.convert("10s", TypeDescriptor.valueOf(Duration.class)))
			.isEqualTo(Duration.ofSeconds(10));
		assertThat(this.converter.convert("green", TypeDescriptor.valueOf(Color.class))).isEqualTo(Color.GREEN);
		assertThat(this.converter.convert(" x ", TypeDescriptor.valueOf(String.class))).isEqualTo(" x ");
	}

	@Test
	void convertsListsFromCommasOrJson() {
		TypeDescriptor listOfInts = new TypeDescriptor(ResolvableType.forClassWithGenerics(List.class, Integer.class),
				null, null);
		assertThat(this.converter.convert("1,2,3", listOfInts)).isEqualTo(List.of(1, 2, 3));
		assertThat(this.converter.convert("[4, 5]", listOfInts)).isEqualTo(List.of(4, 5));
	}

	@Test
	void readsJsonObjects() {
		assertThat(this.converter.convert("{\"x\":1,\"y\":2}", TypeDescriptor.valueOf(Point.class)))
			.isEqualTo(new Point(1, 2));
		TypeDescriptor map = new TypeDescriptor(
				ResolvableType.forClassWithGenerics(Map.class, String.class, Integer.class), null, null);
		assertThat(this.converter.convert("{\"a\":1}", map)).isEqualTo(Map.of("a", 1));
	}

	@Test
	void rejectsWithoutQuotingTheValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.converter.convert("s3cr3t", TypeDescriptor.valueOf(int.class)))
			.withMessageNotContaining("s3cr3t");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.converter.convert("{\"x\":\"s3cr3t\"}", TypeDescriptor.valueOf(Point.class)))
			.withMessageNotContaining("s3cr3t")
			.withMessageContaining("Point");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.converter.convert("", TypeDescriptor.valueOf(int.class)));
	}

}
