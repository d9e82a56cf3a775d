#!/usr/bin/env bash
# Measures the service as deployed: the service alone on CPU 0; MongoDB (mongo-java-server in its own JVM,
# started by the -Pbackends profile), Redis, RabbitMQ and the load harness on CPU 1. Three runs of each
# scenario after warm-ups; results in target/bench/results.jsonl, a median table in target/bench/summary.md.
#
#   bench/deployed.sh [jar]        (default: builds target/messaging-service.jar)
#
# Needs Redis on 127.0.0.1:6379 and RabbitMQ on 127.0.0.1:5672 (the machine's services) and the harness in
# ../shared/bench. Env: REPS (3), WARMUPS (3), SCENARIOS ("direct window1 group idle"), JAVA_OPTS for the service.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"
export JWT_SECRET=${JWT_SECRET:-change-me-change-me-change-me-change-me-0123456789}
REPS=${REPS:-3}
WARMUPS=${WARMUPS:-3}
SCENARIOS=${SCENARIOS:-"direct window1 group idle"}

jar=${1:-}
if [ -z "$jar" ]; then
  ./mvnw -B -q -DskipTests package
  jar=target/messaging-service.jar
fi
harness=$(BENCH_BUILD_DIR=${BENCH_BUILD_DIR:-/tmp/anchors-bench-build} ../shared/bench/build.sh)

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# backing services on CPU 1: Redis and RabbitMQ moved there, MongoDB started there
for p in $(pgrep -x redis-server) $(pgrep -f beam.smp); do taskset -a -p -c 1 "$p" >/dev/null; done
REDIS_URL=redis://127.0.0.1:6379 RABBITMQ_URL=amqp://guest:guest@127.0.0.1:5672 \
  taskset -c 1 ./mvnw -B -q -Pbackends test-compile exec:java > "$out/backends.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q "export MONGODB_URI" "$out/backends.log" 2>/dev/null && break; sleep 1; done
eval "$(grep '^export ' "$out/backends.log")"

# the service alone on CPU 0; the harness's Netty client sends an Origin header, which /ws must allow
CORS_ALLOWED_ORIGINS=${CORS_ALLOWED_ORIGINS:-http://127.0.0.1:8084} taskset -c 0 java ${JAVA_OPTS:-} -jar "$jar" > "$out/service.log" 2>&1 &
service=$!
pids+=("$service")
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:8084/actuator/health/readiness >/dev/null && break; sleep 1; done

run() {  # run <label> <harness args...>: warm-ups, then REPS measured runs
  local label=$1; shift
  for _ in $(seq 1 "$WARMUPS"); do
    taskset -c 1 java -XX:ActiveProcessorCount=1 -jar "$harness" --target json --server-pid "$service" "$@" \
      --warmup 3 --duration 10 --label warm --out "$out/warmups.jsonl" >> "$out/warmups.log" 2>&1
  done
  for rep in $(seq 1 "$REPS"); do
    taskset -c 1 java -XX:ActiveProcessorCount=1 -jar "$harness" --target json --server-pid "$service" "$@" \
      --label "$label" --rep "$rep" --out "$out/results.jsonl" | tail -1
    echo "outbox backlog after the run: $(curl -s http://127.0.0.1:8084/actuator/prometheus | grep '^messaging_outbox_backlog')"
  done
}

for scenario in $SCENARIOS; do
  case $scenario in
    direct)  run direct  --scenario direct --pairs 100 --window 8 ;;
    window1) run window1 --scenario direct --pairs 10 --window 1 ;;
    group)   run group   --scenario group --members 50 --senders 5 --window 8 ;;
    idle)    WARMUPS=0 run idle --scenario idle --conns 5000 --hold 20 ;;
  esac
done
java -jar "$harness" summarize "$out/results.jsonl" | tee "$out/summary.md"
echo "service CPU per message (µs) = server_cpu_pct x 10,000 / msgs_per_s"
