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

port=6379
if ! port_is_free "$port"; then
    port=""
    for _ in $(seq 1 50); do
        candidate=$(( 20000 + RANDOM % 30000 ))
        if port_is_free "$candidate"; then port=$candidate; break; fi
    done
    [ -n "$port" ] || { log "no free port found on 127.0.0.1"; exit 1; }
fi

workdir=$(mktemp -d /tmp/sms-codec-redis.XXXXXX)
# The package's own service (if the installer started one) is left alone: this server is
# separate, keeps nothing on disk and listens on loopback only.
redis-server \
    --bind 127.0.0.1 --port "$port" --protected-mode yes \
    --daemonize yes --dir "$workdir" --pidfile "$workdir/redis.pid" \
    --logfile "$workdir/redis.log" --save "" --appendonly no >&2

for _ in $(seq 1 100); do
    if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null || true)" = "PONG" ]; then
        log "redis-server answers on 127.0.0.1:$port (pid $(cat "$workdir/redis.pid"), log $workdir/redis.log)"
        echo "redis://127.0.0.1:$port/0"
        exit 0
    fi
    sleep 0.1
done
log "redis-server did not answer PING within 10 s; its log follows"
cat "$workdir/redis.log" >&2 || true
exit 1
