#!/usr/bin/env bash
# Soak: scenario 10's churn (100 instances registering/deregistering from 4 registries, config
# written ~20 times a second, one discovery + one config watch observing) for a number of
# minutes (default 10) against an etcd the test kit starts on free loopback ports. Prints one
# row per minute: operations, threads, heap after GC, discovery cache size, and how long the
# observers took to match etcd exactly once the writers paused.
#
#   scripts/soak.sh        10 minutes
#   scripts/soak.sh 3      3 minutes
#
# Needs the etcd binary (see README: Debian's etcd-server package). Installs nothing into ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-10}"
mvn="./mvnw"
command -v mvn >/dev/null 2>&1 && mvn="mvn"
classpath_file="etcd-registry-core/target/soak.classpath"
"$mvn" -B -q ${MAVEN_OFFLINE:+-o} -pl etcd-registry-core -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/soak.classpath
# the reactor hands the test kit over as its classes folder; prefer it over any installed jar
exec java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "etcd-registry-core/target/test-classes:etcd-registry-core/target/classes:etcd-registry-test/target/classes:$(cat "$classpath_file")" \
  dev.etcdregistry.resilience.ChurnSoak "$minutes"
