package dev.etcdregistry.test;

import java.nio.file.Path;
import java.util.List;

/** Where etcd nodes come from: a local binary, or a container image when only Docker is at hand. */
sealed interface EtcdRuntime {

	/** Starts the nodes of a new cluster and returns them once all are healthy. */
	List<? extends EtcdNode> launch(EtcdCluster cluster, Path baseDir, EtcdCluster.Settings settings);

	/** Which etcd this is, for the log: {@code etcd 3.5.16 (/usr/bin/etcd)}. */
	String describe();

	/** Nodes run as child processes of this binary. */
	record Binary(Path path) implements EtcdRuntime {

		@Override
		public String describe() {
			return "etcd " + EtcdVersions.of(this.path) + " (" + this.path + ")";
		}

		@Override
		public List<ProcessEtcdNode> launch(EtcdCluster cluster, Path baseDir, EtcdCluster.Settings settings) {
			List<String> args = new java.util.ArrayList<>(cluster.serverTlsArgs());
			args.addAll(settings.extraArgs());
			return new ProcessClusterLauncher(cluster, this.path, baseDir, settings.ports())
				.launch(settings.nodes(), args);
		}
	}

	/** A single node runs in a container of this image (Testcontainers). */
	record Container(String image) implements EtcdRuntime {

		@Override
		public String describe() {
			return "etcd image " + this.image;
		}

		@Override
		public List<EtcdNode> launch(EtcdCluster cluster, Path baseDir, EtcdCluster.Settings settings) {
			if (settings.tls()) {
				throw new IllegalStateException("No etcd binary was found, and the Docker fallback runs etcd without "
						+ "TLS only. Install etcd (or pass -D" + EtcdBinaryLocator.PROPERTY + "=/path/to/etcd) for TLS.");
			}
			if (settings.nodes() != 1) {
				throw new IllegalStateException("No etcd binary was found, and the Docker fallback runs a single node"
						+ " only. Install etcd (or pass -D" + EtcdBinaryLocator.PROPERTY + "=/path/to/etcd) to run "
						+ settings.nodes() + " nodes.");
			}
			return List.of(ContainerEtcdNode.start(cluster, this.image, baseDir, settings.ports().nextPort(),
					settings.extraArgs()));
		}
	}
}
