package dev.etcdregistry.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Figure 1: {@link ServiceDiscovery#instances(String)} (answered from the watch-backed cache)
 * against the baseline the seed uses for every lookup, one etcd prefix read of
 * {@code /services/<name>/} with jetcd. Both in JMH sample-time mode, with 2 and 100 instances.
 * The endpoints come in as a parameter set by {@link JmhFigures}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DiscoveryLookupBenchmark {

	@Param({ "2", "100" })
	public int instances;

	@Param({ "" })
	public String endpoints;

	private Client client;

	private EtcdConnection connection;

	private ServiceDiscovery discovery;

	private String service;

	private ByteSequence prefix;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.client = Client.builder().endpoints(this.endpoints.split(",")).build();
		this.service = "lookup-" + this.instances;
		this.prefix = EtcdConnection.bytes("/services/" + this.service + "/");
		for (int i = 0; i < this.instances; i++) {
			String json = "{\"host\":\"10.0.0." + (i % 250) + "\",\"port\":" + (8000 + i) + "}";
			this.client.getKVClient()
				.put(EtcdConnection.bytes("/services/" + this.service + "/i-" + i), EtcdConnection.bytes(json))
				.get(5, TimeUnit.SECONDS);
		}
		this.connection = new Bench(List.of(this.endpoints.split(",")), null, false).connect();
		this.discovery = ServiceDiscovery.of(this.connection);
		if (this.discovery.instances(this.service).size() != this.instances) {
			throw new IllegalStateException("cache holds " + this.discovery.instances(this.service).size());
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.discovery.close();
		this.connection.close();
		this.client.close();
	}

	@Benchmark
	public List<ServiceInstance> cachedLookup() {
		return this.discovery.instances(this.service);
	}

	@Benchmark
	public GetResponse baselinePrefixRead() throws Exception {
		return this.client.getKVClient()
			.get(this.prefix, GetOption.builder().isPrefix(true).build())
			.get(5, TimeUnit.SECONDS);
	}

}
