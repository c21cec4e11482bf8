package dev.etcdregistry.console;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Every {@link EtcdSession} still open, so that stopping the console closes their etcd
 * connections and watches: sessions alive at shutdown are not reliably destroyed with an
 * event the console still receives.
 */
@Component
public class OpenSessions implements DisposableBean {

	private final Set<EtcdSession> open = ConcurrentHashMap.newKeySet();

	/** Keeps {@code session} until it is closed. */
	public EtcdSession track(EtcdSession session) {
		this.open.add(session);
		session.onClose(() -> this.open.remove(session));
		return session;
	}

	int size() {
		return this.open.size();
	}

	@Override
	public void destroy() {
		List.copyOf(this.open).forEach(EtcdSession::close);
	}

}
