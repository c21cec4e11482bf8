package dev.etcdregistry.samples.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.samples.SampleApps;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smoke test of {@code ./demo.sh}'s orchestration: the story it prints is the one that
 * happened.
 */
@EtcdTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SamplesDemoIntegrationTests {

	private static final Pattern CALL = Pattern.compile("call \\d+ -> (\\S+) ");

	@Test
	void tellsTheWholeStory(EtcdCluster etcd) throws Exception {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		try (SampleApps apps = new SampleApps(etcd)) {
			new SamplesDemo(new PrintStream(buffer, true, StandardCharsets.UTF_8), apps.etcdArguments(),
					apps.namespace()).run();
			ConfigStore store = ConfigStore.of(apps.connection());
			assertThat(store.getAll("/")).as("keys the demo leaves behind").isEmpty();
		}
		String story = buffer.toString(StandardCharsets.UTF_8);
		assertThat(story)
			.contains("GET /config -> {\"greeting\":\"Hello\",\"newCheckout\":false,\"discountPercent\":0,"
					+ "\"banner\":\"Welcome\"}")
			.contains(" put /it-")
			.contains("/config/config-sample/shop/discount-percent '15'")
			.contains("GET /config -> {\"greeting\":\"Hello from etcd\",\"newCheckout\":true,\"discountPercent\":15,"
					+ "\"banner\":\"Black Friday\"}")
			.containsPattern("the first key, .*: \\{\"host\":\"[^\"]+\",\"port\":\\d+,")
			.contains("the consumer's discovery saw it leave")
			.contains("stopped greeting-consumer", "stopped greeting-provider", "stopped config-sample", "== Done.");
		assertThat(story.split("provider registered: ", -1)).hasSize(3);

		String[] parts = story.split("4 more calls:");
		List<String> before = callers(parts[0]);
		List<String> after = callers(parts[1]);
		assertThat(before).hasSize(6);
		assertThat(before.subList(0, 2)).doesNotHaveDuplicates();
		assertThat(before).containsExactly(before.get(0), before.get(1), before.get(0), before.get(1),
				before.get(0), before.get(1));
		assertThat(after).hasSize(4).containsOnly(before.get(0).equals(stopped(story)) ? before.get(1) : before.get(0));
	}

	private static List<String> callers(String text) {
		return CALL.matcher(text).results().map((result) -> result.group(1)).toList();
	}

	private static String stopped(String story) {
		Matcher matcher = Pattern.compile("stopped (greeting-service-\\S+) \\(shutdown").matcher(story);
		assertThat(matcher.find()).as("the stopped provider is named").isTrue();
		return matcher.group(1);
	}

}
