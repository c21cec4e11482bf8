package dev.etcdregistry.boot.connection;

import org.springframework.context.ApplicationEvent;

import dev.etcdregistry.client.WatchStatusEvent;

/**
 * A watch of the application (discovery, a config import, an {@code @EtcdConfigValue} key)
 * was interrupted, resumed, or read everything again after etcd lost the history it missed.
 * Published on the library's event threads, never with a config value in it.
 */
public class EtcdWatchStatusEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final transient WatchStatusEvent status;

	public EtcdWatchStatusEvent(Object source, WatchStatusEvent status) {
		super(source);
		this.status = status;
	}

	/** What happened, to which watch, at which revision, after how long. */
	public WatchStatusEvent getStatus() {
		return this.status;
	}

	@Override
	public String toString() {
		return "EtcdWatchStatusEvent " + this.status;
	}

}
