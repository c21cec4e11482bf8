package dev.etcdregistry.client.internal;

import java.util.concurrent.CompletionException;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import dev.etcdregistry.EtcdRegistryException.Reason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Error statuses a real etcd produces only on rare occasions (or never on demand), turned into
 * our reasons. The common ones are proven against a real etcd in the integration tests.
 */
class EtcdErrorsTests {

	@Test
	void classifiesTheStatusesEtcdSends() {
		assertThat(reason(Status.INVALID_ARGUMENT.withDescription("etcdserver: authentication failed, invalid user ID "
				+ "or password"))).isEqualTo(Reason.AUTHENTICATION_FAILED);
		assertThat(reason(Status.PERMISSION_DENIED.withDescription("etcdserver: permission denied")))
			.isEqualTo(Reason.PERMISSION_DENIED);
		assertThat(reason(Status.INVALID_ARGUMENT.withDescription("etcdserver: request is too large")))
			.isEqualTo(Reason.TOO_LARGE);
		assertThat(reason(Status.INVALID_ARGUMENT.withDescription("etcdserver: too many operations in txn request")))
			.isEqualTo(Reason.TOO_LARGE);
		assertThat(reason(Status.UNAVAILABLE.withDescription("etcdserver: no leader"))).isEqualTo(Reason.UNREACHABLE);
		assertThat(reason(Status.DEADLINE_EXCEEDED)).isEqualTo(Reason.TIMEOUT);
		assertThat(reason(Status.INTERNAL.withDescription("boom"))).isEqualTo(Reason.ETCD_ERROR);
	}

	@Test
	void recognizesALostLeaseAndTransientFailures() {
		Throwable notFound = new CompletionException(
				Status.NOT_FOUND.withDescription("etcdserver: requested lease not found").asRuntimeException());
		assertThat(EtcdErrors.isLeaseNotFound(notFound)).isTrue();
		assertThat(EtcdErrors.isTransient(notFound)).isFalse();
		assertThat(EtcdErrors.isTransient(Status.UNAVAILABLE.asRuntimeException())).isTrue();
		// seen when a connection is cut while a lease grant is in flight
		assertThat(EtcdErrors.isTransient(Status.UNKNOWN.withDescription("channel closed").asRuntimeException()))
			.isTrue();
	}

	@Test
	void anOverloadedEtcdAndARawDeadlineAreTransient() {
		// etcd's answer when its raft log runs too far ahead of what it applied
		Throwable busy = new CompletionException(
				Status.RESOURCE_EXHAUSTED.withDescription("etcdserver: too many requests").asRuntimeException());
		assertThat(EtcdErrors.isTransient(busy)).isTrue();
		assertThat(EtcdErrors.translate(busy, "put of key '/a'", "http://h:2379").reason()).isEqualTo(Reason.TIMEOUT);
		assertThat(EtcdErrors.translate(busy, "put of key '/a'", "http://h:2379").getMessage())
			.contains("put of key '/a'", "http://h:2379", "overloaded", "too many requests");
		// a gRPC deadline (not our own timeout) reaching us unwrapped
		assertThat(EtcdErrors.isTransient(Status.DEADLINE_EXCEEDED.asRuntimeException())).isTrue();
		assertThat(EtcdErrors.isTransient(new CompletionException(Status.DEADLINE_EXCEEDED
			.withDescription("deadline exceeded after 4.9s").asRuntimeException()))).isTrue();
		// but a full etcd stays full until someone acts
		Throwable full = Status.RESOURCE_EXHAUSTED.withDescription("etcdserver: mvcc: database space exceeded")
			.asRuntimeException();
		assertThat(EtcdErrors.isTransient(full)).isFalse();
		assertThat(EtcdErrors.translate(full, "op", "http://h:2379").getMessage()).contains("alarm disarm");
	}

	@Test
	void tellsAFailedLoginFromWrongCredentials() {
		// jetcd's own login failed (etcd had no leader yet): logging in again may work
		assertThat(EtcdErrors.isUnauthenticated(new CompletionException(Status.UNAUTHENTICATED
			.withCause(Status.UNAVAILABLE.withDescription("etcdserver: no leader").asRuntimeException())
			.asRuntimeException()))).isTrue();
		assertThat(EtcdErrors.isUnauthenticated(Status.UNAUTHENTICATED.withDescription("etcdserver: invalid auth token")
			.asRuntimeException())).isTrue();
		// wrong password: it never will
		Throwable wrong = Status.UNAUTHENTICATED.withCause(Status.INVALID_ARGUMENT
			.withDescription("etcdserver: authentication failed, invalid user ID or password").asRuntimeException())
			.asRuntimeException();
		assertThat(EtcdErrors.isUnauthenticated(wrong)).isFalse();
		assertThat(EtcdErrors.isUnauthenticated(EtcdErrors.translate(wrong, "op", "http://h:2379"))).isFalse();
		assertThat(EtcdErrors.isUnauthenticated(Status.UNAVAILABLE.asRuntimeException())).isFalse();
	}

	@Test
	void aStaleAuthTokenIsTransientAndSaysWhy() {
		// etcd 3.4 after a restart, or once a token idled past --auth-token-ttl; jetcd logs in again next time
		Throwable invalid = Status.UNAUTHENTICATED.withDescription("etcdserver: invalid auth token").asRuntimeException();
		assertThat(EtcdErrors.isTransient(invalid)).isTrue();
		assertThat(EtcdErrors.translate(invalid, "put of key '/a'", "http://h:2379").getMessage())
			.contains("put of key '/a'", "no longer accepts this connection's auth token");
		assertThat(EtcdErrors.isTransient(Status.UNAUTHENTICATED.withDescription("etcdserver: revision of auth store is "
				+ "old").asRuntimeException())).isTrue();
	}

	@Test
	void namesTheOperationAndEndpoints() {
		assertThat(EtcdErrors.translate(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException(),
				"put of key '/a'", "http://10.0.0.1:2379").getMessage())
			.contains("put of key '/a'", "http://10.0.0.1:2379", "io exception");
	}

	@Test
	void aPermissionErrorNamesTheFullKeyAndTheMissingPermission() {
		Throwable denied = Status.PERMISSION_DENIED.withDescription("etcdserver: permission denied").asRuntimeException();
		assertThat(EtcdErrors.translate(denied, "put of key '/config/a'", "http://h:2379", "/prod").getMessage())
			.contains("write permission on key '/prod/config/a'", "grant-permission <role> readwrite '/prod/config/a'");
		assertThat(EtcdErrors.translate(denied, "get of key '/config/a'", "http://h:2379", "").getMessage())
			.contains("read permission on key '/config/a'", "grant-permission <role> read '/config/a'");
		assertThat(EtcdErrors.translate(denied, "transaction on [/a, /b]", "http://h:2379", "/prod").getMessage())
			.contains("write permission on these keys (under namespace '/prod')");
	}

	@Test
	void classifiesTlsHandshakeFailures() {
		Throwable untrusted = new javax.net.ssl.SSLHandshakeException("PKIX path building failed");
		assertThat(EtcdErrors.translate(untrusted, "op", "https://h:2379").reason()).isEqualTo(Reason.TLS_FAILED);
		assertThat(EtcdErrors.translate(untrusted, "op", "https://h:2379").getMessage())
			.contains("https://h:2379", "etcd.tls.ca-file");
	}

	private static Reason reason(Status status) {
		return EtcdErrors.translate(status.asRuntimeException(), "op", "http://h:2379").reason();
	}

}
