package dev.etcdregistry.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.etcd.jetcd.options.GetOption;

/** Small blocking helpers over jetcd for the tests of this module; every call is bounded. */
final class EtcdTestSupport {

	private EtcdTestSupport() {
	}

	static ByteSequence bytes(String value) {
		return ByteSequence.from(value, StandardCharsets.UTF_8);
	}

	static long put(Client client, String key, String value) throws Exception {
		return client.getKVClient().put(bytes(key), bytes(value)).get(5, TimeUnit.SECONDS).getHeader().getRevision();
	}

	static GetResponse get(Client client, String key) throws Exception {
		return client.getKVClient().get(bytes(key)).get(5, TimeUnit.SECONDS);
	}

	/** The value as the member behind {@code client} has it locally, without asking the leader. */
	static String localValue(Client client, String key) throws Exception {
		GetOption serializable = GetOption.builder().withSerializable(true).build();
		List<KeyValue> kvs = client.getKVClient().get(bytes(key), serializable).get(5, TimeUnit.SECONDS).getKvs();
		return kvs.isEmpty() ? null : kvs.get(0).getValue().toString(StandardCharsets.UTF_8);
	}

	static String value(Client client, String key) throws Exception {
		List<KeyValue> kvs = get(client, key).getKvs();
		return kvs.isEmpty() ? null : kvs.get(0).getValue().toString(StandardCharsets.UTF_8);
	}

	/** The node that every running member names as leader, asked through etcd's Maintenance API. */
	static EtcdNode leader(EtcdCluster cluster, Client client) throws Exception {
		long leaderId = 0;
		EtcdNode leader = null;
		for (EtcdNode node : cluster.nodes()) {
			if (!node.isRunning()) {
				continue;
			}
			StatusResponse status = client.getMaintenanceClient().statusMember(node.clientEndpoint())
				.get(5, TimeUnit.SECONDS);
			if (leaderId == 0) {
				leaderId = status.getLeader();
			}
			if (status.getLeader() != leaderId || leaderId == 0) {
				throw new IllegalStateException("The members don't agree on a leader yet");
			}
			if (status.getHeader().getMemberId() == leaderId) {
				leader = node;
			}
		}
		if (leader == null) {
			throw new IllegalStateException("The leader " + Long.toHexString(leaderId) + " is not a running node");
		}
		return leader;
	}

	static boolean acceptsConnections(String endpoint) {
		java.net.URI uri = java.net.URI.create(endpoint);
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static boolean isAlive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}
}
