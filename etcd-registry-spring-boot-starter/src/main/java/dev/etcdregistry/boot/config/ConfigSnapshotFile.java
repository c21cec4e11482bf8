package dev.etcdregistry.boot.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * The temporary file is forced to disk before the move and the directory after it (where the
 * platform can open a directory): without that, a power loss right after the rename can leave
 * an empty file under the snapshot's name on file systems that reorder metadata and data
 * (ext4 with {@code delalloc}, XFS).
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

	/** Forces a file or directory to disk; a seam so that a test can see it happen. */
	@FunctionalInterface
	interface Sync {

		Sync FORCE = (path, channel) -> channel.force(true);

		void force(Path path, FileChannel channel) throws IOException;

	}

	private final Path path;

	private final Sync sync;

	ConfigSnapshotFile(Path path) {
		this(path, Sync.FORCE);
	}

	ConfigSnapshotFile(Path path, Sync sync) {
		this.path = path.toAbsolutePath().normalize();
		this.sync = sync;
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
			writeDurably(temp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(content));
			try {
				Files.move(temp, this.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temp, this.path, StandardCopyOption.REPLACE_EXISTING);
			}
			syncDirectory(dir);
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	private void writeDurably(Path file, byte[] bytes) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
			this.sync.force(file, channel);
		}
	}

	/** Makes the rename itself durable. Windows cannot open a directory; its NTFS journals renames. */
	private void syncDirectory(Path dir) throws IOException {
		FileChannel channel;
		try {
			channel = FileChannel.open(dir, StandardOpenOption.READ);
		}
		catch (IOException | UnsupportedOperationException ex) {
			return;
		}
		try (channel) {
			this.sync.force(dir, channel);
		}
	}

	private static FileAttribute<?>[] attributes(String permissions) {
		if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			return new FileAttribute<?>[0];
		}
		return new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)) };
	}

}
