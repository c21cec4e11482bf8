package dev.etcdregistry.client.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.TlsSettings;

/**
 * Turns what jetcd and gRPC throw into {@link EtcdRegistryException}s whose message says what
 * failed and what to do about it. gRPC statuses alone are too terse: a wrong password and an
 * unreachable server both arrive as {@code UNAUTHENTICATED}, so the cause chain is read too.
 *
 * <p>Longer than our usual class because it is one table: every etcd failure we recognise and
 * the message that names its fix, with the predicates that read the same cause chain. Kept
 * together so that a new failure is added, and its wording checked, in one place.
 */
public final class EtcdErrors {

	private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

	private EtcdErrors() {
	}

	/**
	 * Translates a failure of {@code operation} (for example {@code "put of key '/a'"}).
	 * @param failure what jetcd reported
	 * @param operation the operation, naming its key
	 * @param endpoints the endpoints, for messages
	 * @return the exception to throw
	 */
	public static EtcdRegistryException translate(Throwable failure, String operation, String endpoints) {
		return translate(failure, operation, endpoints, "");
	}

	/**
	 * Like {@link #translate(Throwable, String, String)}, naming keys as etcd sees them (with the
	 * namespace in front) where that matters: in permission errors, whose grants are on full keys.
	 * @param namespace the connection's namespace, empty for none
	 */
	public static EtcdRegistryException translate(Throwable failure, String operation, String endpoints,
			String namespace) {
		Throwable cause = unwrap(failure);
		if (cause instanceof EtcdRegistryException ex) {
			return ex;
		}
		String text = messages(cause).toLowerCase(Locale.ROOT);
		if (cause instanceof CompactedException compacted) {
			return new EtcdRegistryException(Reason.COMPACTED, operation + " failed: etcd has compacted its history "
					+ "up to revision " + compacted.getCompactedRevision() + "; ask for a newer revision", cause);
		}
		if (isTls(text)) {
			return tlsFailure(operation, endpoints, null, null, cause);
		}
		if (text.contains("authentication failed") || text.contains("invalid user id or password")) {
			return new EtcdRegistryException(Reason.AUTHENTICATION_FAILED, operation + " failed: etcd at " + endpoints
					+ " rejected the user name or password; check etcd.username and etcd.password", cause);
		}
		if (text.contains("user name is empty") || text.contains("user name not found")) {
			return new EtcdRegistryException(Reason.AUTHENTICATION_FAILED, operation + " failed: etcd at " + endpoints
					+ " has authentication enabled and the user is missing or unknown; set etcd.username and "
					+ "etcd.password", cause);
		}
		if (text.contains("invalid auth token") || text.contains("auth token is invalid")
				|| text.contains("revision of auth store is old")) {
			// etcd restarted, or the token idled past --auth-token-ttl: jetcd logs in again on its next call
			return new EtcdRegistryException(Reason.UNREACHABLE, operation + " failed: etcd at " + endpoints
					+ " no longer accepts this connection's auth token (etcd restarted, was wiped or the token "
					+ "expired); the client logs in again and the call is retried", cause);
		}
		if (text.contains("too many requests")) {
			// etcd's raft log runs too far ahead of what it applied: a busy etcd, not a broken call
			return new EtcdRegistryException(Reason.TIMEOUT, operation + " failed: etcd at " + endpoints
					+ " is overloaded (" + firstLine(cause) + "); it is retried later. If this lasts, etcd lacks disk "
					+ "or CPU, or too many clients write at once", cause);
		}
		if (text.contains("database space exceeded")) {
			return new EtcdRegistryException(Reason.ETCD_ERROR, operation + " failed: etcd at " + endpoints
					+ " is out of space (" + firstLine(cause) + "); compact and defragment it, then run etcdctl "
					+ "alarm disarm", cause);
		}
		if (text.contains("permission denied")) {
			return permissionDenied(operation, namespace, cause);
		}
		if (text.contains("request is too large") || text.contains("message larger than max")
				|| text.contains("too many operations in txn")) {
			return new EtcdRegistryException(Reason.TOO_LARGE, operation + " failed: " + firstLine(cause)
					+ "; split it up or raise etcd's --max-request-bytes / --max-txn-ops", cause);
		}
		if (text.contains("required revision has been compacted")) {
			return new EtcdRegistryException(Reason.COMPACTED,
					operation + " failed: etcd has compacted that revision; ask for a newer one", cause);
		}
		if (text.contains("requested lease not found")) {
			return new EtcdRegistryException(Reason.ETCD_ERROR,
					operation + " failed: the lease is gone (expired or revoked)", cause);
		}
		ErrorCode code = (cause instanceof EtcdException etcd) ? etcd.getErrorCode() : null;
		Status.Code status = Status.fromThrowable(cause).getCode();
		if (code == ErrorCode.UNAVAILABLE || status == Status.Code.UNAVAILABLE || code == ErrorCode.UNAUTHENTICATED
				|| lostConnection(text) || text.contains("no leader")) {
			return unreachable(operation, endpoints, cause);
		}
		if (code == ErrorCode.DEADLINE_EXCEEDED || status == Status.Code.DEADLINE_EXCEEDED) {
			return new EtcdRegistryException(Reason.TIMEOUT, operation + " failed: etcd at " + endpoints
					+ " did not answer in time", cause);
		}
		if (code == ErrorCode.INVALID_ARGUMENT) {
			return new EtcdRegistryException(Reason.INVALID_ARGUMENT, operation + " failed: " + firstLine(cause),
					cause);
		}
		return new EtcdRegistryException(Reason.ETCD_ERROR, operation + " failed: " + firstLine(cause), cause);
	}

	private static EtcdRegistryException permissionDenied(String operation, String namespace, Throwable cause) {
		String verb = operation.toLowerCase(Locale.ROOT);
		boolean write = verb.startsWith("put") || verb.startsWith("delete") || verb.startsWith("transaction")
				|| verb.startsWith("revoke") || verb.startsWith("compare") || verb.startsWith("rollback");
		String permission = write ? "write" : "read";
		Matcher quoted = QUOTED.matcher(operation);
		String key = quoted.find() ? namespace + quoted.group(1) : null;
		String what = (key != null) ? "key '" + key + "'" : "these keys" + (namespace.isEmpty() ? ""
				: " (under namespace '" + namespace + "')");
		return new EtcdRegistryException(Reason.PERMISSION_DENIED, operation + " failed: the etcd user lacks "
				+ permission + " permission on " + what + "; grant it to the user's role, e.g. etcdctl role "
				+ "grant-permission <role> " + (write ? "readwrite" : "read") + " '" + ((key != null) ? key : "<key>")
				+ "' (add --prefix to grant the whole range below a prefix)", cause);
	}

	/**
	 * Words a failed TLS handshake: which side refused what, and the property to fix.
	 * @param tls the settings in use, or {@code null} when unknown
	 * @param authority the name the certificate was checked against, or {@code null}
	 */
	public static EtcdRegistryException tlsFailure(String operation, String endpoints, TlsSettings tls,
			String authority, Throwable cause) {
		String text = messages(cause).toLowerCase(Locale.ROOT);
		String fix;
		if (text.contains("no subject alternative") || text.contains("no name matching")
				|| text.contains("hostname") && text.contains("verif")) {
			fix = "its certificate does not name '" + ((authority != null) ? authority : "the host dialled")
					+ "'; set etcd.tls.authority to a name in the certificate, or use that name in the endpoint";
		}
		else if (text.contains("pkix") || text.contains("certification path") || text.contains("unknown_ca")
				|| text.contains("certificate_unknown") && !text.contains("received fatal alert")) {
			String trusted = (tls == null || (tls.caFile() == null && tls.trustStore() == null))
					? "the JVM's default trust store (set etcd.tls.ca-file or etcd.tls.trust-store)"
					: (tls.caFile() != null) ? "etcd.tls.ca-file '" + tls.caFile() + "'"
							: "etcd.tls.trust-store '" + tls.trustStore() + "'";
			fix = "its certificate is not signed by a CA in " + trusted + "; point it at the CA that signed etcd's "
					+ "--cert-file";
		}
		else if (text.contains("certificate_required") || text.contains("bad_certificate")
				|| text.contains("received fatal alert")) {
			fix = "etcd refused this client's certificate " + ((tls != null && tls.certFile() == null
					&& tls.keyStore() == null) ? "(none was given) " : "") + "because it runs with "
					+ "--client-cert-auth; set etcd.tls.cert-file and etcd.tls.key-file (or etcd.tls.key-store) to a "
					+ "client certificate signed by a CA in etcd's --trusted-ca-file";
		}
		else {
			fix = firstLine(cause) + "; check the etcd.tls.* settings against etcd's --cert-file, "
					+ "--trusted-ca-file and --client-cert-auth";
		}
		return new EtcdRegistryException(Reason.TLS_FAILED, operation + " failed: the TLS handshake with etcd at "
				+ endpoints + " failed: " + fix, cause);
	}

	private static boolean isTls(String text) {
		return text.contains("sslhandshakeexception") || text.contains("pkix path")
				|| text.contains("received fatal alert") || text.contains("not an ssl/tls record");
	}

	/**
	 * A dropped connection does not always arrive as UNAVAILABLE: a channel closed under a
	 * call in flight surfaces as UNKNOWN "channel closed", a reset as an I/O message.
	 */
	private static boolean lostConnection(String text) {
		return text.contains("connection refused") || text.contains("channel closed")
				|| text.contains("connection reset") || text.contains("network closed");
	}

	static EtcdRegistryException unreachable(String operation, String endpoints, Throwable cause) {
		return new EtcdRegistryException(Reason.UNREACHABLE, operation + " failed: etcd is not reachable at "
				+ endpoints + " (" + firstLine(cause) + "); check that etcd runs there and that the URL, port and "
				+ "http/https scheme are right", cause);
	}

	/** Strips the wrappers that futures add around the real failure. */
	public static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	/** Whether etcd refused the auth token as unknown ("invalid auth token") or older than its auth store. */
	public static boolean isStaleToken(Throwable failure) {
		String text = messages(unwrap(failure)).toLowerCase(Locale.ROOT);
		return text.contains("invalid auth token") || text.contains("auth token is invalid")
				|| text.contains("revision of auth store is old");
	}

	/**
	 * Whether the call failed for want of a valid auth token — etcd refused it, or jetcd's login
	 * itself failed (a bare {@code UNAUTHENTICATED}) — as opposed to wrong credentials, which
	 * logging in again does not fix.
	 */
	public static boolean isUnauthenticated(Throwable failure) {
		Throwable cause = unwrap(failure);
		if (cause instanceof EtcdRegistryException ex && ex.reason() == Reason.AUTHENTICATION_FAILED) {
			return false;
		}
		for (Throwable t = cause; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (Status.fromThrowable(t).getCode() == Status.Code.UNAUTHENTICATED
					|| (t instanceof EtcdException etcd && etcd.getErrorCode() == ErrorCode.UNAUTHENTICATED)) {
				String text = messages(cause).toLowerCase(Locale.ROOT);
				return !text.contains("authentication failed") && !text.contains("invalid user id or password")
						&& !text.contains("user name");
			}
		}
		return isStaleToken(cause);
	}

	/** Whether the failure is etcd saying a lease does not exist (expired, revoked, or a wiped cluster). */
	public static boolean isLeaseNotFound(Throwable failure) {
		return messages(unwrap(failure)).toLowerCase(Locale.ROOT).contains("lease not found");
	}

	/**
	 * Whether the failure could go away by itself (connection, leader election, timeouts, an
	 * etcd too busy to take more requests).
	 */
	public static boolean isTransient(Throwable failure) {
		Throwable cause = unwrap(failure);
		Reason reason = (cause instanceof EtcdRegistryException ex) ? ex.reason() : translate(cause, "", "").reason();
		return reason == Reason.UNREACHABLE || reason == Reason.TIMEOUT;
	}

	private static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable t = failure; t != null && all.length() < 4096; t = (t.getCause() == t) ? null : t.getCause()) {
			all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
		}
		return all.toString();
	}

	private static String firstLine(Throwable failure) {
		Throwable innermost = failure;
		String message = null;
		for (Throwable t = failure; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			innermost = t;
			if (message == null && t.getMessage() != null && !t.getMessage().isBlank()) {
				message = t.getMessage();
			}
		}
		if (message == null) {
			message = innermost.getClass().getSimpleName();
		}
		int newline = message.indexOf('\n');
		return (newline >= 0) ? message.substring(0, newline) : message;
	}

}
