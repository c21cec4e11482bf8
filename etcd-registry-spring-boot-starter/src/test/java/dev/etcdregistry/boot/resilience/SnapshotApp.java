package dev.etcdregistry.boot.resilience;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

import dev.etcdregistry.boot.annotation.EtcdConfigValue;
import dev.etcdregistry.boot.annotation.RegisterService;
import dev.etcdregistry.boot.config.EtcdConfigChangedEvent;
import dev.etcdregistry.boot.config.EtcdConfigSnapshotUsedEvent;

/**
 * The application the start-without-etcd tests run: it imports {@code /config/snap/}, binds
 * two {@code @EtcdConfigValue} keys, registers as service {@code snap} and records the config
 * events it gets.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@RegisterService(name = "snap", port = 7001)
class SnapshotApp {

	static final String LIMIT_KEY = "/flags/limit";

	static final String TOKEN_KEY = "/flags/api-token";

	@Bean
	Limits limits() {
		return new Limits();
	}

	@Bean
	Events events() {
		return new Events();
	}

	/** The properties every run uses, with the snapshot at {@code snapshot}. */
	static String[] properties(Path snapshot, String... more) {
		List<String> all = new java.util.ArrayList<>(List.of("spring.application.name=snap",
				"spring.config.import=etcd:", "etcd.fail-fast=false", "etcd.config.snapshot.enabled=true",
				"etcd.config.snapshot.path=" + snapshot, "etcd.connect-timeout=1s", "etcd.request-timeout=1s",
				"etcd.registry.ttl=3s"));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	/** The snapshot file as JSON, or {@code null} while there is none. */
	static JsonNode read(Path snapshot) throws IOException {
		return Files.exists(snapshot) ? JsonMapper.builder().build().readTree(Files.readAllBytes(snapshot)) : null;
	}

	static class Limits {

		@EtcdConfigValue(LIMIT_KEY)
		volatile int limit;

		@EtcdConfigValue(key = TOKEN_KEY, defaultValue = "none")
		volatile String apiToken;

	}

	static class Events implements ApplicationListener<ApplicationEvent> {

		final List<EtcdConfigSnapshotUsedEvent> snapshotUsed = new CopyOnWriteArrayList<>();

		final List<EtcdConfigChangedEvent> changed = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof EtcdConfigSnapshotUsedEvent used) {
				this.snapshotUsed.add(used);
			}
			if (event instanceof EtcdConfigChangedEvent change) {
				this.changed.add(change);
			}
		}

	}

}
