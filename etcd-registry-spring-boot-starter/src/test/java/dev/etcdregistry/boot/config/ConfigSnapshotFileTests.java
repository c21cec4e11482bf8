package dev.etcdregistry.boot.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.etcdregistry.boot.config.ConfigSnapshotFile.Content;
import dev.etcdregistry.boot.config.ConfigSnapshotFile.Key;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crash can't be staged in a test, so this one watches the writes through the sync seam:
 * the new content reaches the disk before it replaces the old file, and the rename after.
 */
class ConfigSnapshotFileTests {

	@TempDir
	Path dir;

	/** What the disk held at the moment something was forced. */
	record Forced(Path path, long size, String target) {
	}

	@Test
	void forcesTheNewContentBeforeTheMoveAndTheDirectoryAfterIt() throws Exception {
		Path target = this.dir.resolve("snap.json");
		List<Forced> forced = new ArrayList<>();
		ConfigSnapshotFile file = new ConfigSnapshotFile(target, (path, channel) -> {
			forced.add(new Forced(path, channel.size(), Files.exists(target) ? Files.readString(target) : null));
			channel.force(true);
		});
		file.write(content("old"));
		String old = Files.readString(target);
		forced.clear();

		file.write(content("new"));

		String written = Files.readString(target);
		assertThat(written).contains("\"new\"");
		assertThat(forced).hasSize(2);
		Forced data = forced.get(0);
		assertThat(data.path().getParent()).isEqualTo(this.dir);
		assertThat(data.path()).isNotEqualTo(target);
		assertThat(data.size()).as("all of the new content, forced").isEqualTo(written.length());
		assertThat(data.target()).as("forced before it replaced the old file").isEqualTo(old);
		Forced rename = forced.get(1);
		assertThat(rename.path()).isEqualTo(this.dir);
		assertThat(rename.target()).as("the directory is forced after the move").isEqualTo(written);
		assertThat(file.read().keys()).containsOnlyKeys("/flags/limit");
		try (var left = Files.list(this.dir)) {
			assertThat(left).as("no temporary file left").containsExactly(target);
		}
	}

	private static Content content(String value) {
		return new Content(ConfigSnapshotFile.FORMAT, "", "abc", 7, "2026-11-29T00:00:00Z", Map.of(),
				Map.of("/flags/limit", new Key(7, value)));
	}

}
