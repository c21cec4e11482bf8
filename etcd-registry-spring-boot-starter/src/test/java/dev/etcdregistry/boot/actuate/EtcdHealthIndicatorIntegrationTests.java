package dev.etcdregistry.boot.actuate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import dev.etcdregistry.boot.testsupport.ActuatorApp;
import dev.etcdregistry.boot.testsupport.ActuatorApp.Response;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code etcd} health of a running application follows etcd going down and coming back.
 */
@EtcdTest
@Timeout(120)
class EtcdHealthIndicatorIntegrationTests {

	@Test
	void healthIsDownWhileEtcdIsStoppedAndUpAgainAfterwards(EtcdCluster etcd) throws Exception {
		try (ActuatorApp app = ActuatorApp.start(etcd, new Class<?>[0], "etcd.request-timeout=1s")) {
			assertThat(app.get("/actuator/health/etcd").status()).isEqualTo(200);
			etcd.node(0).stop();
			try {
				Response down = app.get("/actuator/health/etcd");
				assertThat(down.status()).isEqualTo(503);
				JsonNode health = down.json();
				assertThat(health.path("status").asString()).isEqualTo("DOWN");
				assertThat(health.path("details").path("error").asString()).contains(etcd.endpoints().get(0));
				assertThat(health.path("details").path("endpoints").path(etcd.endpoints().get(0)).path("error")
					.asString()).isNotBlank();
				assertThat(app.get("/actuator/health").status()).isEqualTo(503);
			}
			finally {
				etcd.node(0).start();
			}
			await().untilAsserted(() -> assertThat(app.get("/actuator/health/etcd").status()).isEqualTo(200));
		}
	}

}
