package dev.etcdregistry.samples.core;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smoke test of the console demo: the story it prints is the one that happened.
 */
@EtcdTest
@Timeout(60)
class CoreDemoIntegrationTests {

	@Test
	void tellsTheWholeStory(EtcdCluster etcd) throws Exception {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		try (EtcdConnection connection = EtcdConnection
			.connect(EtcdSettings.builder().endpoints(etcd.endpoints()).namespace("/demo-test").build())) {
			new CoreDemo(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run(connection);
		}
		String story = buffer.toString(StandardCharsets.UTF_8);
		assertThat(story).contains("PUT /config/orders/greeting 'hello' -> 'hello, etcd'")
			.contains("PUT /config/orders/pool.size 'null' -> '16'")
			.contains("values now: {/config/orders/greeting=hello}")
			.contains("round robin, 4 calls: [instance_1, instance_2, instance_1, instance_2]")
			.contains("removed [instance_2], left [instance_1]")
			.doesNotContain("no event within");
	}

}
