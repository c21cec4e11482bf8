package dev.etcdregistry.console;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static dev.etcdregistry.client.EtcdConnection.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Page times with a big fleet: 10,000 instances in 1,000 services and 5,000 config keys.
 * Prints a table; asserts only that the pages answer. Not part of the default build: run it
 * with {@code ./mvnw -pl etcd-registry-console verify -Dit.test=ConsolePagesBenchmark}.
 */
@EtcdTest
class ConsolePagesBenchmark {

	private static final int SERVICES = 1_000;

	private static final int INSTANCES_PER_SERVICE = 10;

	private static final int CONTEXTS = 50;

	private static final int KEYS_PER_CONTEXT = 100;

	private static final int WARMUP = 5;

	private static final int RUNS = 30;

	@Test
	void pagesWithABigFleet(EtcdCluster etcd) throws Exception {
		try (EtcdConnection root = ConsoleRunner.root(etcd)) {
			seed(root);
			try (ConfigurableApplicationContext console = ConsoleRunner.start(etcd)) {
				HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
					.followRedirects(HttpClient.Redirect.NORMAL)
					.build();
				String base = ConsoleRunner.base(console);
				signIn(http, base);
				List<String> pages = List.of("/registry", "/registry/service-0500", "/config", "/config/context-25",
						"/config/context-25/edit?name=key-050", "/config/context-25/history?name=key-050",
						"/config/context-25/history");
				System.out.printf("%n%-45s %8s %8s %8s %10s%n", "page (10,000 instances, 5,000 config keys)", "p50 ms",
						"p95 ms", "max ms", "bytes");
				for (String page : pages) {
					long[] millis = new long[RUNS];
					int size = 0;
					for (int i = 0; i < WARMUP + RUNS; i++) {
						long start = System.nanoTime();
						HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + page)).build(),
								HttpResponse.BodyHandlers.ofString());
						long took = (System.nanoTime() - start) / 1_000_000;
						assertThat(response.statusCode()).as(page).isEqualTo(200);
						size = response.body().length();
						if (i >= WARMUP) {
							millis[i - WARMUP] = took;
						}
					}
					Arrays.sort(millis);
					System.out.printf("%-45s %8d %8d %8d %10d%n", page, millis[RUNS / 2], millis[RUNS * 95 / 100],
							millis[RUNS - 1], size);
				}
			}
		}
	}

	private static void seed(EtcdConnection root) {
		for (int s = 0; s < SERVICES; s++) {
			long lease = root.await(root.client().getLeaseClient().grant(600), "grant").getID();
			List<Op> puts = new ArrayList<>();
			String service = String.format("service-%04d", s);
			for (int i = 0; i < INSTANCES_PER_SERVICE; i++) {
				String value = "{\"host\":\"10.0." + (s % 250) + "." + i + "\",\"port\":8080,\"serviceName\":\"" + service
						+ "\",\"instanceId\":\"" + service + "-" + i + "\",\"secure\":false,\"metadata\":{\"zone\":\"z"
						+ (i % 3) + "\"}}";
				puts.add(Op.put(bytes("/services/" + service + "/" + service + "-" + i), bytes(value),
						PutOption.builder().withLeaseId(lease).build()));
			}
			root.await(root.client().getKVClient().txn().Then(puts.toArray(Op[]::new)).commit(), "seed");
		}
		for (int c = 0; c < CONTEXTS; c++) {
			for (int half = 0; half < 2; half++) {
				List<Op> puts = new ArrayList<>();
				for (int k = half * KEYS_PER_CONTEXT / 2; k < (half + 1) * KEYS_PER_CONTEXT / 2; k++) {
					puts.add(Op.put(bytes(String.format("/config/context-%02d/key-%03d", c, k)), bytes("value-" + k),
							PutOption.DEFAULT));
				}
				root.await(root.client().getKVClient().txn().Then(puts.toArray(Op[]::new)).commit(), "seed");
			}
		}
		// a second version of one key, so its history has a diff
		root.await(root.client().getKVClient().put(bytes("/config/context-25/key-050"), bytes("changed")), "put");
	}

	private static void signIn(HttpClient http, String base) throws Exception {
		String login = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
		assertThat(csrf.find()).isTrue();
		String form = "username=bench&password=x&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
		HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(signedIn.body()).contains("signed in as");
	}

}
