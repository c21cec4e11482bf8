#!/usr/bin/env bash
# One-command demo: builds what it needs, starts a local etcd when ETCD_ENDPOINTS is not set,
# and tells the config-center and service-registry story in the terminal.
#
#   ./demo.sh         the Spring Boot samples: config sample, two providers, a load-balanced consumer
#   ./demo.sh core    the core library's console demo (no Spring)
#   ./demo.sh console the samples kept running beside the web console (http://127.0.0.1:8070)
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -DskipTests -pl etcd-registry-samples -am install
if [ "${1:-}" = console ]; then
  ./mvnw -B -q -DskipTests -pl etcd-registry-console package
fi
./mvnw -B -q -pl etcd-registry-samples dependency:build-classpath -Dmdep.outputFile=target/demo.classpath
exec java -Dlogging.level.root=WARN -Dspring.main.banner-mode=off \
  -cp "etcd-registry-samples/target/classes:$(cat etcd-registry-samples/target/demo.classpath)" \
  dev.etcdregistry.samples.demo.DemoLauncher "$@"
