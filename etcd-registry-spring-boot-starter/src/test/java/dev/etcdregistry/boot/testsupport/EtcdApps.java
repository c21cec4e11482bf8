package dev.etcdregistry.boot.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.test.EtcdCluster;

/**
 * Starts Spring Boot applications against a real etcd in a namespace of their own, and reads
 * or writes that namespace with a raw jetcd client (no code of ours in between). Closes
 * everything it started.
 */
public final class EtcdApps implements AutoCloseable {

	private final EtcdCluster etcd;

	private final String namespace = "/it-" + UUID.randomUUID().toString().substring(0, 8);

	private final Client raw;

	private final Deque<AutoCloseable> started = new ArrayDeque<>();

	public EtcdApps(EtcdCluster etcd) {
		this.etcd = etcd;
		this.raw = etcd.newClient();
	}

	public String namespace() {
		return this.namespace;
	}

	/** The raw jetcd client (no namespace: prefix keys with {@link #namespace()}). */
	public Client raw() {
		return this.raw;
	}

	/** Starts an application; {@code web} picks a servlet web server on a random port. */
	public ConfigurableApplicationContext run(Class<?> source, boolean web, String... properties) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(source)
			.web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
			.properties("etcd.endpoints=" + this.etcd.endpointsAsString(), "etcd.namespace=" + this.namespace,
					"server.port=0", "etcd.registry.host=127.0.0.1", "spring.main.banner-mode=off")
			.properties(properties);
		ConfigurableApplicationContext context = builder.run();
		this.started.push(context);
		return context;
	}

	/** Keeps something to close with the rest. */
	public <T extends AutoCloseable> T closeLater(T closeable) {
		this.started.push(closeable);
		return closeable;
	}

	/** The values under {@code /services/<service>/} in this namespace, by instance id. */
	public Map<String, String> instances(String service) throws Exception {
		String prefix = this.namespace + "/services/" + service + "/";
		Map<String, String> values = new LinkedHashMap<>();
		for (KeyValue kv : this.raw.getKVClient()
			.get(bytes(prefix), GetOption.builder().isPrefix(true).build())
			.get(10, TimeUnit.SECONDS)
			.getKvs()) {
			values.put(kv.getKey().toString(StandardCharsets.UTF_8).substring(prefix.length()),
					kv.getValue().toString(StandardCharsets.UTF_8));
		}
		return values;
	}

	/** Writes an instance the way the Node.js tutorial does: bare JSON under a lease of its own. */
	public void putSeedStyle(String service, String instanceId, String json) throws Exception {
		long lease = this.raw.getLeaseClient().grant(30).get(10, TimeUnit.SECONDS).getID();
		this.raw.getKVClient()
			.put(bytes(this.namespace + "/services/" + service + "/" + instanceId), bytes(json),
					PutOption.builder().withLeaseId(lease).build())
			.get(10, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws Exception {
		Exception failure = null;
		while (!this.started.isEmpty()) {
			try {
				this.started.pop().close();
			}
			catch (Exception ex) {
				failure = (failure != null) ? failure : ex;
			}
		}
		this.raw.close();
		if (failure != null) {
			throw failure;
		}
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

}
