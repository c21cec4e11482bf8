package dev.etcdregistry.boot.autoconfigure.config;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the local config snapshot file. A write goes to a temporary file in the
 * same directory, created readable by the owner only (0600, in a 0700 directory when it
 * creates one), and is then moved over the old file in one step, so a crash never leaves a
 * half-written snapshot and the values are never readable by others, not even for a moment.
 */
final class ConfigSnapshotFile {

	static final int FORMAT = 1;

	/**
	 * What the file holds.
	 * @param format {@link #FORMAT}
	 * @param namespace the etcd namespace the keys are in
	 * @param clusterId the etcd cluster id, in hex
	 * @param revision the highest etcd revision the values reflect
	 * @param writtenAt when the file was written (ISO-8601)
	 * @param imports the keys of each {@code etcd:} import root this application uses
	 * @param keys the {@code @EtcdConfigValue} keys
	 */
	record Content(int format, String namespace, String clusterId, long revision, String writtenAt,
			Map<String, Section> imports, Map<String, Key> keys) {

		Content {
			imports = (imports != null) ? imports : Map.of();
			keys = (keys != null) ? keys : Map.of();
		}

	}

	/**
	 * The keys of an import root as read at one revision.
	 * @param omittedSensitive how many sensitive keys were left out
	 */
	record Section(long revision, int omittedSensitive, Map<String, String> values) {

		Section {
			values = (values != null) ? values : Map.of();
		}

		/** The values as a core snapshot, every key taken as last written at the section's revision. */
		dev.etcdregistry.config.ConfigSnapshot toConfigSnapshot() {
			Map<String, dev.etcdregistry.config.ConfigEntry> entries = new java.util.LinkedHashMap<>();
			this.values.forEach((key, value) -> entries.put(key,
					new dev.etcdregistry.config.ConfigEntry(key, value, 0, this.revision, 0)));
			return new dev.etcdregistry.config.ConfigSnapshot(this.revision, entries);
		}

	}

	/** One key at a revision; {@code value} is {@code null} when the key did not exist. */
	record Key(long revision, String value) {
	}

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Path path;

	ConfigSnapshotFile(Path path) {
		this.path = path.toAbsolutePath().normalize();
	}

	Path path() {
		return this.path;
	}

	boolean exists() {
		return Files.exists(this.path);
	}

	/**
	 * Reads the file.
	 * @throws IOException when it cannot be read or is not a snapshot of this format (the
	 * message never quotes the content)
	 */
	Content read() throws IOException {
		Content content;
		try {
			content = MAPPER.readValue(Files.readAllBytes(this.path), Content.class);
		}
		catch (JacksonException ex) {
			throw new IOException("not a config snapshot (" + ex.getClass().getSimpleName() + ")");
		}
		if (content == null || content.format() != FORMAT || content.clusterId() == null) {
			throw new IOException("not a config snapshot of format " + FORMAT);
		}
		return content;
	}

	/** Replaces the file with {@code content} in one step. */
	void write(Content content) throws IOException {
		Path dir = this.path.getParent();
		Files.createDirectories(dir, attributes("rwx------"));
		Path temp = Files.createTempFile(dir, "." + this.path.getFileName(), ".tmp", attributes("rw-------"));
		try {
			Files.write(temp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(content));
			try {
				Files.move(temp, this.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temp, this.path, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	private static FileAttribute<?>[] attributes(String permissions) {
		if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			return new FileAttribute<?>[0];
		}
		return new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)) };
	}

}
