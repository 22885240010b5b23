#!/usr/bin/env bash
# Start a throwaway redis-server on loopback for the RedisStore tests and print its URL.
# CI runs it as root on a fresh Debian 12 machine:
#   export SMS_CODEC_REDIS_URL=$(bash .ci/redis.sh)
# Everything but the URL goes to stderr, so the command substitution gets the URL only.
set -euo pipefail

log() { echo "redis.sh: $*" >&2; }

if ! command -v redis-server >/dev/null 2>&1; then
    log "installing redis-server (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends redis-server redis-tools >&2
fi
command -v redis-cli >/dev/null 2>&1 || { log "redis-cli is missing"; exit 1; }

port_is_free() {
    # A port is free when nothing accepts a connection on it.
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

workdir=$(mktemp -d /tmp/sms-codec-redis.XXXXXX)
# The package's own service (if the installer started one) is left alone: this server is
# separate, keeps nothing on disk and listens on loopback only. A candidate port can be
# taken between the check and the bind (by a client's ephemeral port, say), so a server
# that does not come up is retried on another port, below the ephemeral range.
start_on() {
    rm -f "$workdir/redis.pid" "$workdir/redis.log"
    redis-server \
        --bind 127.0.0.1 --port "$1" --protected-mode yes \
        --daemonize yes --dir "$workdir" --pidfile "$workdir/redis.pid" \
        --logfile "$workdir/redis.log" --save "" --appendonly no >&2 || return 1
    for _ in $(seq 1 100); do
        if [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null || true)" = "PONG" ]; then
            return 0
        fi
        if grep -q "aborting" "$workdir/redis.log" 2>/dev/null; then return 1; fi
        sleep 0.1
    done
    return 1
}

for attempt in $(seq 1 20); do
    if [ "$attempt" -eq 1 ]; then port=6379; else port=$(( 20000 + RANDOM % 12000 )); fi
    port_is_free "$port" || continue
    if start_on "$port"; then
        log "redis-server answers on 127.0.0.1:$port (pid $(cat "$workdir/redis.pid"), log $workdir/redis.log)"
        echo "redis://127.0.0.1:$port/0"
        exit 0
    fi
    log "redis-server did not start on port $port; trying another"
done
log "redis-server did not start; its last log follows"
cat "$workdir/redis.log" >&2 || true
exit 1
