package dev.etcdregistry.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import dev.etcdregistry.client.EtcdConnection;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;

/**
 * Writes registry keys with a raw client, in transactions of {@value #BATCH} puts with up to
 * {@value #IN_FLIGHT} transactions in flight (etcd commits concurrent transactions in one
 * fsync, so the write rate is bound by the disk's sync rate, not by round trips).
 */
final class FleetWriter {

	static final int BATCH = 100;

	static final int IN_FLIGHT = 16;

	private FleetWriter() {
	}

	/** The value of instance {@code n} of {@code service}: JSON as the registry writes it, ~75 bytes. */
	static String value(int service, int n) {
		return "{\"host\":\"10." + (service / 250 % 250) + "." + (service % 250) + "." + n + "\",\"port\":8080,"
				+ "\"metadata\":{\"zone\":\"z" + (n % 3) + "\",\"version\":\"1.0." + (n % 7) + "\"}}";
	}

	/**
	 * Puts {@code count} keys, key and value of key {@code i} given by {@code keyValue(i)} as a
	 * two-element array.
	 */
	static void write(Client raw, int count, IntFunction<String[]> keyValue) throws Exception {
		Semaphore inFlight = new Semaphore(IN_FLIGHT);
		List<CompletableFuture<?>> pending = new ArrayList<>();
		for (int first = 0; first < count; first += BATCH) {
			List<Op> puts = new ArrayList<>();
			for (int i = first; i < Math.min(count, first + BATCH); i++) {
				String[] kv = keyValue.apply(i);
				puts.add(Op.put(EtcdConnection.bytes(kv[0]), EtcdConnection.bytes(kv[1]), PutOption.DEFAULT));
			}
			if (!inFlight.tryAcquire(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("etcd did not commit a transaction within 60 s");
			}
			CompletableFuture<?> commit = raw.getKVClient()
				.txn()
				.Then(puts.toArray(Op[]::new))
				.commit()
				.whenComplete((response, error) -> inFlight.release());
			pending.add(commit);
		}
		CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
	}

}
