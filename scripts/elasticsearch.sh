#!/usr/bin/env bash
# A local search node for the test suite and CI, on loopback, from Maven Central.
#
#   scripts/elasticsearch.sh up     fetch what is missing, start the node (or reuse a running one),
#                                   wait until it is healthy, print `export ELASTICSEARCH_URL=...`
#   scripts/elasticsearch.sh down   stop it and delete its data
#
# The node is OpenSearch 2.19 (Lucene 9, the Elasticsearch REST API) with the analysis-common module
# (finnish, swedish, english analysers), started in one JVM by scripts/elasticsearch/SearchNode.java;
# why not Elasticsearch 8, and how the Elasticsearch 8 client talks to it:
# kohtaamo/workarounds/opensearch_node.py. Single node, security off, heap ES_HEAP (512m), data in a
# temporary directory under ES_DIR (/tmp/kohtaamo-elasticsearch) that `up` starts afresh and `down`
# deletes. Port ES_PORT (59200). Needs Java 17+ and Maven (installed from Debian's packages when
# missing); the jars go to the local Maven repository (~/.m2). stdout is only the export line, so
# `eval "$(scripts/elasticsearch.sh up)"` works; progress goes to stderr, the node's log to
# $ES_DIR/node.log.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ES_DIR="${ES_DIR:-/tmp/kohtaamo-elasticsearch}"
ES_PORT="${ES_PORT:-59200}"
ES_HEAP="${ES_HEAP:-512m}"
ES_START_TIMEOUT="${ES_START_TIMEOUT:-180}"
URL="http://127.0.0.1:${ES_PORT}"
PID_FILE="$ES_DIR/node.pid"
LOG_FILE="$ES_DIR/node.log"
# shellcheck source=lib/debian.sh
source "$(dirname "$0")/lib/debian.sh"

healthy() {
  # Our node, answering, with a usable cluster (yellow or green).
  curl -fsS -m 5 "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null \
    | grep -q '"cluster_name":"kohtaamo-test"'
}

running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid=$(cat "$PID_FILE")
  kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

build() {
  # Resolve the node's jars and compile SearchNode.java once per version of the two files; later
  # runs reuse both. Prints the classpath to run the node with.
  local src="$HERE/elasticsearch" sum build_dir
  sum=$(cat "$src/pom.xml" "$src/SearchNode.java" | sha256sum | cut -c1-16)
  build_dir="$ES_DIR/build-$sum"
  if [ ! -f "$build_dir/SearchNode.class" ]; then
    rm -rf "$ES_DIR"/build-*
    mkdir -p "$build_dir"
    log "resolving the search node's jars from Maven Central and compiling it (first run only)"
    if ! mvn -B -Dstyle.color=never -f "$src/pom.xml" dependency:build-classpath \
      -Dmdep.outputFile="$build_dir/classpath.txt" >"$ES_DIR/build.log" 2>&1; then
      log "could not resolve the search node's jars; last lines of $ES_DIR/build.log:"
      tail -n 30 "$ES_DIR/build.log" >&2
      rm -rf "$build_dir"
      exit 1
    fi
    javac -nowarn -cp "$(cat "$build_dir/classpath.txt")" -d "$build_dir" "$src/SearchNode.java" >&2 \
      || { rm -rf "$build_dir"; log "could not compile SearchNode.java"; exit 1; }
  fi
  printf '%s:%s' "$build_dir" "$(cat "$build_dir/classpath.txt")"
}

up() {
  mkdir -p "$ES_DIR"
  if healthy; then
    log "search node already running at $URL"
    echo "export ELASTICSEARCH_URL=$URL"
    return 0
  fi
  if running_pid >/dev/null; then
    log "a search node process runs but is not healthy; restarting it"
    down
    mkdir -p "$ES_DIR"
  fi
  if curl -s -m 2 -o /dev/null "$URL"; then
    log "port $ES_PORT is taken by another server; choose another with ES_PORT"
    exit 1
  fi
  command -v javac >/dev/null 2>&1 || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null 2>&1 || apt_install maven
  local cp
  cp=$(build)
  rm -rf "$ES_DIR/home" "$ES_DIR/data"
  mkdir -p "$ES_DIR/home/config" "$ES_DIR/data"
  log "starting the search node on $URL (log: $LOG_FILE)"
  # setsid: the node outlives the shell that started it and is not hit by that shell's signals.
  setsid java -Xms"$ES_HEAP" -Xmx"$ES_HEAP" -XX:+UseSerialGC \
    -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Dlog4j2.disable.jmx=true \
    -Dopensearch.set.netty.runtime.available.processors=false \
    -cp "$cp" SearchNode "$ES_PORT" "$ES_DIR/home" "$ES_DIR/data" \
    </dev/null >"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  local started=$SECONDS
  until healthy; do
    if ! running_pid >/dev/null; then
      log "the search node stopped during start-up; last lines of $LOG_FILE:"
      tail -n 40 "$LOG_FILE" >&2
      exit 1
    fi
    if [ $((SECONDS - started)) -ge "$ES_START_TIMEOUT" ]; then
      log "the search node was not healthy after ${ES_START_TIMEOUT}s; last lines of $LOG_FILE:"
      tail -n 40 "$LOG_FILE" >&2
      down
      exit 1
    fi
    sleep 1
  done
  log "search node healthy after $((SECONDS - started))s"
  echo "export ELASTICSEARCH_URL=$URL"
}

down() {
  local pid
  if pid=$(running_pid); then
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      log "the search node did not stop in 15s; killing it"
      kill -9 "$pid" 2>/dev/null || true
    fi
    log "search node stopped"
  fi
  rm -f "$PID_FILE"
  rm -rf "$ES_DIR/home" "$ES_DIR/data"
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  *)
    log "usage: $0 up|down"
    exit 2
    ;;
esac
