package dev.etcdregistry.boot.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.etcdregistry.boot.connection.SensitiveKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot file without etcd: what is kept, what is left out, how it is written and how a
 * bad file is treated.
 */
class LocalConfigSnapshotTests {

	@TempDir
	Path dir;

	@Test
	void keepsOnlyThisApplicationsNonSensitiveKeysInAPrivateFile() throws Exception {
		Path path = this.dir.resolve("sub/snap.json");
		LocalConfigSnapshot snapshot = snapshot(path, "/ns");
		snapshot.updateImport("/config/", List.of("/config/application/", "/config/orders/"), 12, 0xabcL,
				Map.of("/config/orders/limit", "5", "/config/orders/db.password", "pw-1", "/config/billing/x", "1"));
		snapshot.updateKey("/flags/limit", "7", 14, 0xabcL);
		snapshot.updateKey("/flags/api-token", "tok-1", 15, 0xabcL);
		String content = Files.readString(path);
		assertThat(content).contains("/config/orders/limit", "/flags/limit", "\"abc\"")
			.doesNotContain("pw-1", "tok-1", "/config/billing/", "password", "api-token");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent())))
			.isEqualTo("rwx------");

		LocalConfigSnapshot next = snapshot(path, "/ns");
		assertThat(next.importSection("/config/")).hasValueSatisfying((section) -> {
			assertThat(section.revision()).isEqualTo(12);
			assertThat(section.omittedSensitive()).isEqualTo(1);
			assertThat(section.values()).containsExactly(Map.entry("/config/orders/limit", "5"));
		});
		assertThat(next.key("/flags/limit")).hasValue(new ConfigSnapshotFile.Key(14, "7"));
		assertThat(next.key("/flags/api-token")).isEmpty();
		assertThat(next.savedClusterId()).isEqualTo(0xabcL);
		assertThat(next.use("etcd is down")).hasValueSatisfying((line) -> assertThat(line)
			.contains(path.toString(), "etcd revision 14", "without 1 sensitive key(s)")
			.doesNotContain("7\""));
		assertThat(next.use("etcd is down")).as("logged once").isEmpty();
		assertThat(next.usedEvent(this)).hasValueSatisfying((event) -> assertThat(event.getRevision()).isEqualTo(14));
		assertThat(next.usedEvent(this)).as("published once").isEmpty();
	}

	@Test
	void corruptFileOrOtherNamespaceIsTreatedAsAbsent() throws Exception {
		Path path = this.dir.resolve("snap.json");
		Files.writeString(path, "not json at all");
		LocalConfigSnapshot corrupt = snapshot(path, "");
		assertThat(corrupt.importSection("/config/")).isEmpty();
		assertThat(corrupt.problem()).hasValueSatisfying((problem) -> assertThat(problem).startsWith("it cannot be read"));
		corrupt.updateKey("/flags/limit", "7", 3, 1);
		assertThat(snapshot(path, "").key("/flags/limit")).isPresent();
		assertThat(snapshot(path, "/other").key("/flags/limit")).isEmpty();
	}

	@Test
	void defaultPathIsDerivedFromTheApplicationName() {
		assertThat(LocalConfigSnapshot.path(null, "orders"))
			.isEqualTo(Path.of(".etcd-registry", "orders-config-snapshot.json"));
		assertThat(LocalConfigSnapshot.path("", null))
			.isEqualTo(Path.of(".etcd-registry", "application-config-snapshot.json"));
		assertThat(LocalConfigSnapshot.path(null, "a/b c")).isEqualTo(Path.of(".etcd-registry", "a_b_c-config-snapshot.json"));
	}

	private static LocalConfigSnapshot snapshot(Path path, String namespace) {
		return new LocalConfigSnapshot(path, namespace, SensitiveKeys.defaults(), false,
				LogFactory.getLog(LocalConfigSnapshotTests.class));
	}

}
