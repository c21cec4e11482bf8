/**
 * A real etcd for JUnit 5 tests.
 *
 * <p>{@link dev.etcdregistry.test.EtcdCluster} launches the {@code etcd} binary (one or three
 * nodes) on free loopback ports with a temporary data directory, and can stop, kill, restart and
 * wipe single nodes for fault tests. {@link dev.etcdregistry.test.EtcdTest} and
 * {@link dev.etcdregistry.test.EtcdExtension} give each test class its own cluster. When no
 * binary is installed but Docker is available (Testcontainers on the classpath), a single node
 * runs in a container instead; when neither exists, tests fail with a message that says how to
 * get etcd.
 */
package dev.etcdregistry.test;
