package dev.etcdregistry.client;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connection opened with {@link EtcdConnection#open} and checked on another thread (the
 * starter connects in the background while the application starts) can be abandoned: closing
 * it ends the check at once with {@link Reason#CLOSED}, instead of after the connect timeout.
 */
@Timeout(30)
class EtcdConnectionCheckTests {

	@Test
	void closingAConnectionWhileItIsCheckedEndsTheCheckAtOnce() throws Exception {
		EtcdSettings settings = EtcdSettings.builder()
			.endpoints("http://127.0.0.1:" + closedPort())
			.connectTimeout(Duration.ofSeconds(120))
			.build();
		EtcdConnection connection = EtcdConnection.open(settings);
		CompletableFuture<EtcdConnection> check = CompletableFuture.supplyAsync(connection::checked);
		await().atMost(Duration.ofSeconds(20)).until(() -> isWaitingForTheCheck(connection));
		long start = System.nanoTime();
		connection.close();
		Throwable failure = catchFailure(check);
		System.out.printf("[figure] check ended %d ms after close (connect timeout 120 s)%n",
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		assertThat(failure).isInstanceOfSatisfying(EtcdRegistryException.class,
				(ex) -> assertThat(ex.reason()).isEqualTo(Reason.CLOSED))
			.hasMessageContaining("closed while it was being checked");
		assertThat(connection.isClosed()).isTrue();
	}

	@Test
	void aConnectionClosedBeforeItsCheckFailsTheCheckAtOnce() throws Exception {
		EtcdConnection connection = EtcdConnection.open(EtcdSettings.builder()
			.endpoints("http://127.0.0.1:" + closedPort())
			.connectTimeout(Duration.ofSeconds(120))
			.build());
		connection.close();
		Throwable failure = catchFailure(CompletableFuture.supplyAsync(connection::checked));
		assertThat(failure).isInstanceOfSatisfying(EtcdRegistryException.class,
				(ex) -> assertThat(ex.reason()).isEqualTo(Reason.CLOSED));
	}

	private static boolean isWaitingForTheCheck(EtcdConnection connection) throws Exception {
		var field = EtcdConnection.class.getDeclaredField("checking");
		field.setAccessible(true);
		return field.get(connection) != null;
	}

	private static Throwable catchFailure(CompletableFuture<?> future) throws Exception {
		try {
			future.get(20, TimeUnit.SECONDS);
			return null;
		}
		catch (java.util.concurrent.ExecutionException ex) {
			return ex.getCause();
		}
	}

	private static int closedPort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
