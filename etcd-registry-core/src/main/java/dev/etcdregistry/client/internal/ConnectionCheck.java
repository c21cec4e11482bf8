package dev.etcdregistry.client.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdSettings;

/**
 * The startup check of {@link dev.etcdregistry.client.EtcdConnection#verify}: which call proves
 * that etcd answers and accepts the credentials, and what a failed check means.
 */
public final class ConnectionCheck {

	/** What the check is called in its messages. */
	public static final String WHAT = "Connecting to etcd";

	private ConnectionCheck() {
	}

	/** Starts the call whose answer proves etcd live and the credentials accepted. */
	public static CompletableFuture<?> start(Client client, EtcdSettings settings) {
		// authentication runs before the first call, so any call proves the credentials; without
		// credentials, a read tells whether etcd demands them
		return (settings.username() != null) ? client.getClusterClient().listMember()
				: client.getKVClient()
					.get(ByteSequence.from("/", StandardCharsets.UTF_8),
							GetOption.builder().withCountOnly(true).withLimit(1).build());
	}

	/** The failure of a check cut short by closing the connection. */
	public static EtcdRegistryException closed(EtcdSettings settings, CancellationException ex) {
		return new EtcdRegistryException(Reason.CLOSED, WHAT + " at " + settings.endpointsAsString()
				+ " stopped: the connection was closed while it was being checked", ex);
	}

	/**
	 * Judges a failed check.
	 * @return normally when the failure still proves a live etcd that took the credentials
	 * @throws EtcdRegistryException otherwise, saying why (a TLS failure diagnosed by a handshake
	 * of our own where we can, else no answer)
	 */
	public static void judge(EtcdRegistryException ex, EtcdSettings settings, Duration timeout) {
		if (ex.reason() == Reason.PERMISSION_DENIED && settings.username() == null) {
			// etcd answered as the user of the client certificate (--client-cert-auth with auth on),
			// whose least-privilege role need not cover "/": live etcd, accepted certificate
			return;
		}
		if (ex.reason() != Reason.TIMEOUT) {
			throw ex;
		}
		// a supplied SslContext can't be re-created for a handshake of our own: its supplier diagnoses
		if (settings.tls() != null && settings.tls().sslContext() == null) {
			URI first = settings.endpoints().get(0);
			TlsProbe.diagnose(settings.tls(), first, JetcdClients.authority(settings), timeout, WHAT)
				.ifPresent((tlsFailure) -> {
					throw tlsFailure;
				});
		}
		throw new EtcdRegistryException(Reason.UNREACHABLE, WHAT + " failed: no answer from "
				+ settings.endpointsAsString() + " within " + pretty(timeout) + "; check that etcd runs "
				+ "there and that the URL, port and http/https scheme are right", ex.getCause());
	}

	/** A duration as people write it: whole seconds, else milliseconds. */
	public static String pretty(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

}
