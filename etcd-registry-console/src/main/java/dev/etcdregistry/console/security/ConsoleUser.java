package dev.etcdregistry.console.security;

import java.io.Serial;
import java.io.Serializable;
import java.security.Principal;

import dev.etcdregistry.console.EtcdSession;

/**
 * The signed-in person: their etcd user name and their {@link EtcdSession}. Kept in the HTTP
 * session only (the etcd connection does not travel; a restored session signs in again).
 */
public final class ConsoleUser implements Principal, Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String name;

	private final transient EtcdSession etcd;

	ConsoleUser(String name, EtcdSession etcd) {
		this.name = name;
		this.etcd = etcd;
	}

	@Override
	public String getName() {
		return this.name;
	}

	/** The session's etcd link, {@code null} after the HTTP session was serialized. */
	public EtcdSession etcd() {
		return this.etcd;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
