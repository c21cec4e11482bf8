package dev.etcdregistry.test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.fail;

/** Proves the search order and the "not found" message, whatever is installed on this machine. */
class EtcdBinaryLocatorTests {

	private final Map<String, String> properties = new HashMap<>();

	private final Map<String, String> environment = new HashMap<>();

	private Set<Path> executables = Set.of();

	private BooleanSupplier docker = () -> false;

	@Test
	void failsWithMessageThatSaysWhereItLookedAndHowToGetEtcd() {
		this.environment.put("PATH", "/opt/tools/bin:/home/dev/bin");

		assertThatIllegalStateException().isThrownBy(() -> locator().locate(null))
			.withMessageContaining("No etcd found")
			.withMessageContaining("system property etcd.binary: not set")
			.withMessageContaining("environment variable ETCD_BINARY: not set")
			.withMessageContaining("/opt/tools/bin:/home/dev/bin")
			.withMessageContaining("/usr/bin/etcd, /usr/local/bin/etcd, /opt/homebrew/bin/etcd")
			.withMessageContaining("Docker: not available")
			.withMessageContaining("apt-get install etcd-server etcd-client")
			.withMessageContaining("brew install etcd")
			.withMessageContaining("-Detcd.binary=/path/to/etcd")
			.withMessageContaining("ETCD_BINARY=/path/to/etcd")
			.withMessageContaining("start a Docker engine");
	}

	@Test
	void explicitBinaryWinsOverEverythingElse() {
		this.executables = Set.of(Path.of("/custom/etcd"), Path.of("/prop/etcd"), Path.of("/usr/bin/etcd"));
		this.properties.put("etcd.binary", "/prop/etcd");

		assertThat(locator().locate(Path.of("/custom/etcd"))).isEqualTo(new EtcdRuntime.Binary(Path.of("/custom/etcd")));
	}

	@Test
	void systemPropertyWinsOverEnvironmentVariableAndPath() {
		this.executables = Set.of(Path.of("/prop/etcd"), Path.of("/env/etcd"), Path.of("/bin/etcd"));
		this.properties.put("etcd.binary", "/prop/etcd");
		this.environment.put("ETCD_BINARY", "/env/etcd");
		this.environment.put("PATH", "/bin");

		assertThat(locator().locate(null)).isEqualTo(new EtcdRuntime.Binary(Path.of("/prop/etcd")));
	}

	@Test
	void environmentVariableWinsOverPath() {
		this.executables = Set.of(Path.of("/env/etcd"), Path.of("/bin/etcd"));
		this.environment.put("ETCD_BINARY", "/env/etcd");
		this.environment.put("PATH", "/bin");

		assertThat(locator().locate(null)).isEqualTo(new EtcdRuntime.Binary(Path.of("/env/etcd")));
	}

	@Test
	void pathIsSearchedInOrderBeforeWellKnownLocations() {
		this.executables = Set.of(Path.of("/second/etcd"), Path.of("/third/etcd"), Path.of("/usr/bin/etcd"));
		this.environment.put("PATH", "/first:/second:/third");

		assertThat(locator().locate(null)).isEqualTo(new EtcdRuntime.Binary(Path.of("/second/etcd")));
	}

	@Test
	void wellKnownLocationIsUsedWhenPathHasNoEtcd() {
		this.executables = Set.of(Path.of("/opt/homebrew/bin/etcd"));
		this.environment.put("PATH", "/usr/bin:/bin");

		assertThat(locator().locate(null)).isEqualTo(new EtcdRuntime.Binary(Path.of("/opt/homebrew/bin/etcd")));
	}

	@Test
	void explicitlyNamedBinaryThatIsNotExecutableFailsInsteadOfFallingBack() {
		this.executables = Set.of(Path.of("/usr/bin/etcd"));
		this.properties.put("etcd.binary", "/usr/bin/etcdctl-typo");

		assertThatIllegalStateException().isThrownBy(() -> locator().locate(null))
			.withMessageContaining("/usr/bin/etcdctl-typo")
			.withMessageContaining("-Detcd.binary")
			.withMessageContaining("not an executable file");
	}

	@Test
	void dockerIsTheFallbackWhenNoBinaryExists() {
		this.docker = () -> true;

		assertThat(locator().locate(null)).isEqualTo(new EtcdRuntime.Container("gcr.io/etcd-development/etcd:v3.5.17"));
	}

	@Test
	void dockerImageCanBeOverridden() {
		this.docker = () -> true;
		this.properties.put("etcd.image", "quay.io/coreos/etcd:v3.5.17");

		assertThat(locator().locate(null)).isEqualTo(new EtcdRuntime.Container("quay.io/coreos/etcd:v3.5.17"));
	}

	@Test
	void dockerIsNotProbedWhenABinaryIsFound() {
		this.executables = Set.of(Path.of("/usr/local/bin/etcd"));
		this.docker = () -> fail("Docker must not be probed when a binary exists");

		assertThat(locator().locate(null)).isEqualTo(new EtcdRuntime.Binary(Path.of("/usr/local/bin/etcd")));
	}

	private EtcdBinaryLocator locator() {
		return new EtcdBinaryLocator(this.properties::get, this.environment::get, (path) -> this.executables.contains(path),
				this.docker);
	}
}
