#!/usr/bin/env bash
# A throwaway PostgreSQL server in a folder of its own, for tests and CI: nothing
# outside DIR is touched, nothing listens on the network unless --tls asks for it.
#
#   scripts/pg-throwaway.sh start [--tls] [--archive] DIR
#       initdb in DIR/data, start the server with its Unix socket in DIR, and print
#       its URL on the first line of stdout (superuser `postgres`, trust over the
#       socket). DIR must be absent or empty.
#       --tls      also listen on 127.0.0.1 with a certificate signed by a CA made
#                  here by openssl (DIR/tls/ca.crt; the server's name is `localhost`),
#                  password logins only (scram-sha-256); the second stdout line is
#                  that URL, sslmode=verify-full.
#       --archive  archive every WAL segment to DIR/wal-archive (point-in-time
#                  recovery, docs/DEPLOYMENT.md).
#   scripts/pg-throwaway.sh stop DIR        stop it and remove DIR
#   scripts/pg-throwaway.sh as-postgres CMD ...
#       run CMD as the `postgres` system user when root (PostgreSQL refuses to run
#       as root, and this machine has runuser but no sudo), with the server binaries
#       on PATH; run it as is otherwise.
#   scripts/pg-throwaway.sh bindir          print the folder the binaries are in
#
# The binaries are found in $PGBIN, else beside `initdb` on PATH, else in the newest
# /usr/lib/postgresql/*/bin. Exit 3 when there are none (callers decide whether that
# is a skip or a failure).
set -euo pipefail

die() {
    echo "pg-throwaway: $*" >&2
    exit 1
}

bindir() {
    if [ -n "${PGBIN:-}" ]; then
        [ -x "$PGBIN/initdb" ] || die "PGBIN=$PGBIN has no initdb"
        echo "$PGBIN"
        return
    fi
    local found
    if found=$(command -v initdb 2>/dev/null); then
        dirname "$(readlink -f "$found")"
        return
    fi
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$found" ] && [ -x "$found/initdb" ]; then
        echo "$found"
        return
    fi
    echo "pg-throwaway: no PostgreSQL server binaries (initdb) on PATH or in /usr/lib/postgresql" >&2
    exit 3
}

BIN=$(bindir)
export PATH="$BIN:$PATH"

as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- env PATH="$PATH" "$@"
    else
        "$@"
    fi
}

# A TCP port nobody is listening on now (the Unix socket's name carries it too).
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

make_tls() {
    local dir=$1
    mkdir -p "$dir/tls"
    (
        cd "$dir/tls"
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
            -keyout ca.key -out ca.crt -days 2 -subj "/CN=dutyboard throwaway CA" \
            -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
            -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
        printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
        openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
            -out server.crt -days 2 -extfile server.ext 2>/dev/null
        chmod 600 server.key ca.key
    )
}

start() {
    local tls=0 archive=0 dir=""
    while [ $# -gt 0 ]; do
        case $1 in
        --tls) tls=1 ;;
        --archive) archive=1 ;;
        -*) die "unknown option $1" ;;
        *) dir=$1 ;;
        esac
        shift
    done
    [ -n "$dir" ] || die "usage: start [--tls] [--archive] DIR"
    if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
        die "$dir is not empty"
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    local port
    port=$(free_port)
    [ $tls = 1 ] && make_tls "$dir"
    [ $archive = 1 ] && mkdir -p "$dir/wal-archive"
    [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
    # initdb refuses a cwd it cannot read; the caller's may be root's own.
    (cd "$dir" && as_postgres initdb -D "$dir/data" -A trust -U postgres -N \
        --no-locale -E UTF8 --wal-segsize=1 >"$dir/initdb.log" 2>&1) ||
        die "initdb failed: $(tail -n 5 "$dir/initdb.log")"
    {
        echo "# pg-throwaway: a test server, never a real record"
        echo "unix_socket_directories = '$dir'"
        echo "port = $port"
        echo "fsync = off"
        echo "max_connections = 40"
        echo "wal_level = replica"
        # Small WAL segments: a test's copies and archive stay a few MB, not hundreds.
        echo "min_wal_size = 4MB"
        if [ $tls = 1 ]; then
            echo "listen_addresses = '127.0.0.1'"
            echo "ssl = on"
            echo "ssl_cert_file = '$dir/tls/server.crt'"
            echo "ssl_key_file = '$dir/tls/server.key'"
            echo "password_encryption = 'scram-sha-256'"
        else
            echo "listen_addresses = ''"
        fi
        if [ $archive = 1 ]; then
            echo "archive_mode = on"
            echo "archive_command = 'test ! -f $dir/wal-archive/%f && cp %p $dir/wal-archive/%f'"
        fi
    } >>"$dir/data/postgresql.conf"
    if [ $tls = 1 ]; then
        # Over TCP: TLS and a password, nothing else; the socket stays trust.
        {
            echo "hostssl all all 127.0.0.1/32 scram-sha-256"
            echo "host all all 0.0.0.0/0 reject"
        } >>"$dir/data/pg_hba.conf"
    fi
    (cd "$dir" && as_postgres pg_ctl -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        >/dev/null 2>&1) || die "the server did not start: $(tail -n 5 "$dir/server.log")"
    echo "postgresql:///postgres?host=$dir&port=$port&user=postgres"
    if [ $tls = 1 ]; then
        echo "postgresql://localhost:$port/postgres?sslmode=verify-full&sslrootcert=$dir/tls/ca.crt"
    fi
}

stop() {
    local dir=${1:-}
    [ -n "$dir" ] || die "usage: stop DIR"
    [ -d "$dir" ] || return 0
    dir=$(cd "$dir" && pwd)
    if [ -f "$dir/data/postmaster.pid" ]; then
        (cd "$dir" && as_postgres pg_ctl -D "$dir/data" -m immediate -w stop >/dev/null 2>&1) || true
    fi
    rm -rf "$dir"
}

cmd=${1:-}
shift || true
case $cmd in
start) start "$@" ;;
stop) stop "$@" ;;
as-postgres) as_postgres "$@" ;;
bindir) echo "$BIN" ;;
*) die "usage: pg-throwaway.sh start [--tls] [--archive] DIR | stop DIR | as-postgres CMD... | bindir" ;;
esac
