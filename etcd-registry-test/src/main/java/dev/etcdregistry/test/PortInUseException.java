package dev.etcdregistry.test;

/** An etcd process exited because one of its ports was taken between allocation and bind. */
final class PortInUseException extends IllegalStateException {

	PortInUseException(String message) {
		super(message);
	}
}
