package dev.etcdregistry.registry.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.etcdregistry.registry.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Anyone with write access to {@code /services/} could store a value crafted for Jackson's
 * polymorphic typing ("gadget" payloads). Discovery reads values as a plain JSON tree: type
 * hints are never resolved to classes, so no class named in a value is ever loaded or run.
 */
class PolymorphicHintsTests {

	private static final String TRIPWIRE = Tripwire.class.getName();

	private final InstanceCodec codec = new InstanceCodec();

	@Test
	void aClassHintAtTheTopLevelIsDroppedAndNeverLoaded() {
		ServiceInstance instance = decode("{\"@class\":\"" + TRIPWIRE + "\",\"@type\":\"" + TRIPWIRE
				+ "\",\"host\":\"10.0.0.1\",\"port\":80,\"zone\":\"a\"}");
		assertThat(instance.host()).isEqualTo("10.0.0.1");
		assertThat(instance.metadata()).containsOnlyKeys("zone");
		assertThat(Tripped.FLAG).isFalse();
	}

	@Test
	void hintsInsideFieldsStayInertTextOrMakeTheValueInvalid() {
		ServiceInstance instance = decode("{\"host\":\"h\",\"port\":1,\"metadata\":{\"@class\":\"" + TRIPWIRE
				+ "\",\"x\":{\"@class\":\"" + TRIPWIRE + "\"}}}");
		assertThat(instance.metadata()).containsEntry("@class", TRIPWIRE);
		assertThat(instance.metadata().get("x")).contains(TRIPWIRE);
		assertThatThrownBy(() -> decode("{\"host\":{\"@class\":\"" + TRIPWIRE + "\"},\"port\":1}"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("\"host\"");
		assertThatThrownBy(() -> decode("[\"" + TRIPWIRE + "\",{\"host\":\"h\",\"port\":1}]"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("not a JSON object");
		assertThat(Tripped.FLAG).isFalse();
	}

	private ServiceInstance decode(String json) {
		return this.codec.decode("orders", "o-1", json.getBytes(StandardCharsets.UTF_8));
	}

	/** Records whether {@link Tripwire} was ever initialised; reading it does not initialise Tripwire. */
	static final class Tripped {

		static volatile boolean FLAG;

	}

	/** A class that says so when the JVM initialises it, as a gadget's would run code. */
	static final class Tripwire {

		static {
			Tripped.FLAG = true;
		}

	}

}
