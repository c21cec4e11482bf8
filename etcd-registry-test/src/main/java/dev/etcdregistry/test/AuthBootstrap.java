package dev.etcdregistry.test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;

/**
 * Turns on authentication the way an operator would: a {@code root} user holding the
 * {@code root} role, then {@code auth enable}. etcd refuses to enable auth without both.
 */
final class AuthBootstrap {

	static final String ROOT = "root";

	private AuthBootstrap() {
	}

	static void enable(EtcdCluster cluster, List<String> endpoints) {
		ByteSequence root = bytes(ROOT);
		String rootPassword = cluster.rootPassword();
		try (Client client = cluster.clientBuilder(endpoints).build()) {
			Auth auth = client.getAuthClient();
			Futures.await(auth.userAdd(root, bytes(rootPassword)), "Adding etcd user root");
			try {
				Futures.await(auth.roleAdd(root), "Adding etcd role root");
			}
			catch (IllegalStateException ex) {
				// etcd versions that create the root role themselves answer this
				if (!String.valueOf(ex.getMessage()).contains("role name already exists")) {
					throw ex;
				}
			}
			Futures.await(auth.userGrantRole(root, root), "Granting role root to user root");
			Futures.await(auth.authEnable(), "Enabling etcd auth");
		}
	}

	static ByteSequence bytes(String value) {
		return ByteSequence.from(value, StandardCharsets.UTF_8);
	}
}
