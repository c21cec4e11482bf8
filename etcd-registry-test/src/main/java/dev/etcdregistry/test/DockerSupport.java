package dev.etcdregistry.test;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Testcontainers whether a Docker engine is reachable, without failing when Testcontainers
 * (an optional dependency) is absent. Testcontainers classes are only touched once their
 * presence is known, so this class loads without them.
 */
final class DockerSupport {

	/** Official etcd image for the container fallback; {@code -Detcd.image=...} overrides it. */
	static final String DEFAULT_IMAGE = "gcr.io/etcd-development/etcd:v3.5.17";

	static final String IMAGE_PROPERTY = "etcd.image";

	private static final Logger log = LoggerFactory.getLogger(DockerSupport.class);

	private static final String FACTORY_CLASS = "org.testcontainers.DockerClientFactory";

	private DockerSupport() {
	}

	static boolean isTestcontainersPresent() {
		try {
			Class.forName(FACTORY_CLASS, false, DockerSupport.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	static boolean isDockerAvailable() {
		if (!isTestcontainersPresent()) {
			return false;
		}
		try {
			return ContainerEtcdNode.isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			log.debug("Testcontainers could not reach Docker", ex);
			return false;
		}
	}
}
