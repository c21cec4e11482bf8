package dev.etcdregistry.console;

/** The person's etcd connection is gone (closed, or the HTTP session was restored): sign in again. */
class SessionGoneException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	SessionGoneException() {
		super("the etcd session is gone; sign in again");
	}

}
