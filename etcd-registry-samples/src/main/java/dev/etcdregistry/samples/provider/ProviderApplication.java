package dev.etcdregistry.samples.provider;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.etcdregistry.boot.annotation.RegisterService;
import dev.etcdregistry.samples.Samples;

/**
 * A provider: registers itself as an instance of {@code greeting-service} as soon as its web
 * server listens (with the real port, also for {@code server.port=0}), under a lease of its
 * own that is kept alive while it runs and revoked when it stops, so callers drop it at once.
 * {@code GET /hello} says which instance answered. Start it twice to get two instances.
 */
@SpringBootApplication
@RegisterService(name = ProviderApplication.SERVICE, metadata = { "version=1", "zone=local" })
public class ProviderApplication {

	/** The service name the provider registers under. */
	public static final String SERVICE = "greeting-service";

	public static void main(String[] args) {
		Samples.application(ProviderApplication.class, "provider").run(args);
	}

}
