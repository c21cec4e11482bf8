package dev.etcdregistry.boot.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.web.client.RestClient;

/**
 * Calls {@code http://<service>/port} through a {@code @LoadBalanced RestClient} in a loop
 * (about every 20 ms) and records, for each call, when it started, which instance port
 * LoadBalancer picked (seen by an interceptor after LoadBalancer's own) and whether it failed.
 */
final class CallLoop implements AutoCloseable {

	/** One call: started at {@code startNanos}, sent to {@code port}, answered or not. */
	record Call(long startNanos, int port, boolean failed, String error) {
	}

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final RestClient client;

	private final String service;

	private final Thread thread;

	private final AtomicInteger target = new AtomicInteger();

	private volatile boolean running = true;

	CallLoop(RestClient.Builder loadBalanced, String service) {
		// appended after LoadBalancer's interceptor, so it sees the instance's real address
		this.client = loadBalanced.clone().requestInterceptor((request, body, execution) -> {
			this.target.set(request.getURI().getPort());
			return execution.execute(request, body);
		}).build();
		this.service = service;
		this.thread = new Thread(this::run, "call-loop-" + service);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void run() {
		while (this.running) {
			long start = System.nanoTime();
			this.target.set(0);
			try {
				this.client.get().uri("http://" + this.service + "/port").retrieve().body(String.class);
				this.calls.add(new Call(start, this.target.get(), false, null));
			}
			catch (RuntimeException ex) {
				this.calls.add(new Call(start, this.target.get(), true, ex.getClass().getSimpleName() + ": "
						+ ex.getMessage()));
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/** Calls started at or after {@code nanos}. */
	List<Call> since(long nanos) {
		List<Call> after = new ArrayList<>();
		for (Call call : this.calls) {
			if (call.startNanos() >= nanos) {
				after.add(call);
			}
		}
		return after;
	}

	List<Call> all() {
		return List.copyOf(this.calls);
	}

	int size() {
		return this.calls.size();
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.join(10_000);
	}

}
