package dev.etcdregistry.registry.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.etcdregistry.registry.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceCodecTests {

	private final InstanceCodec codec = new InstanceCodec();

	@Test
	void roundTripsAnInstanceWithHostAndPortFirst() {
		ServiceInstance instance = new ServiceInstance("orders", "o-1", "10.0.0.5", 8080, true, Map.of("zone", "a"));
		byte[] json = this.codec.encode(instance);
		assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"host\":\"10.0.0.5\",\"port\":8080,"
				+ "\"serviceName\":\"orders\",\"instanceId\":\"o-1\",\"secure\":true,\"status\":\"UP\","
				+ "\"metadata\":{\"zone\":\"a\"}}");
		assertThat(this.codec.decode("orders", "o-1", json)).isEqualTo(instance);
	}

	@Test
	void carriesTheStatusAndReadsAValueWithoutStatusAsUp() {
		ServiceInstance out = ServiceInstance.of("orders", "o-1", "10.0.0.5", 8080).withStatus("OUT_OF_SERVICE");
		byte[] json = this.codec.encode(out);
		assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"status\":\"OUT_OF_SERVICE\"")
			.contains("\"metadata\":{}");
		ServiceInstance read = this.codec.decode("orders", "o-1", json);
		assertThat(read).isEqualTo(out);
		assertThat(read.isUp()).isFalse();
		assertThat(read.withStatus("UP")).isEqualTo(ServiceInstance.of("orders", "o-1", "10.0.0.5", 8080));
		ServiceInstance seed = this.codec.decode("orders", "o-1",
				"{\"host\":\"10.0.0.5\",\"port\":8080}".getBytes(StandardCharsets.UTF_8));
		assertThat(seed.status()).isEqualTo("UP");
		assertThat(seed.isUp()).isTrue();
	}

	@Test
	void readsTheSeedsBareValueAndTurnsExtraScalarsIntoMetadata() {
		assertThat(decode("{\"host\":\"localhost\",\"port\":3000}"))
			.isEqualTo(ServiceInstance.of("my_service", "instance_1", "localhost", 3000));
		assertThat(decode("{\"host\":\"localhost\",\"port\":\"3000\",\"weight\":5,\"tags\":[1]}").metadata())
			.containsExactly(Map.entry("weight", "5"));
	}

	@Test
	void rejectsWhatIsNotAnInstanceWithoutQuotingTheValue() {
		assertThatThrownBy(() -> decode("{\"host\":\"h\",")).hasMessageContaining("not valid JSON");
		// Jackson quotes the token it choked on: the message must not
		assertThatThrownBy(() -> decode("hunter2-secret")).hasMessageContaining("not valid JSON")
			.hasMessageContaining("line 1, column")
			.hasMessageNotContaining("hunter2");
		assertThatThrownBy(() -> decode("[1,2]")).hasMessageContaining("not a JSON object");
		assertThatThrownBy(() -> decode("{\"port\":1}")).hasMessageContaining("\"host\"");
		assertThatThrownBy(() -> decode("{\"host\":\"h\",\"port\":1.5}")).hasMessageContaining("\"port\"");
		assertThatThrownBy(() -> decode("{\"host\":\"h\",\"port\":99999}")).hasMessageContaining("99999");
		assertThatThrownBy(() -> this.codec.decode("s", "i", new byte[] { (byte) 0xff, (byte) 0xfe, 0x00 }))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void rejectsAValueThatNamesAnotherServiceOrInstance() {
		assertThatThrownBy(() -> decode("{\"host\":\"h\",\"port\":1,\"serviceName\":\"billing\"}"))
			.hasMessageContaining("'billing'")
			.hasMessageContaining("'my_service'");
		assertThatThrownBy(() -> decode("{\"host\":\"h\",\"port\":1,\"instanceId\":\"other\"}"))
			.hasMessageContaining("'other'");
	}

	private ServiceInstance decode(String json) {
		return this.codec.decode("my_service", "instance_1", json.getBytes(StandardCharsets.UTF_8));
	}

}
