#!/usr/bin/env bash
# postgres-ci.sh starts a throwaway PostgreSQL cluster for the lender's
# PostgreSQL tests and prints the environment variable that enables them.
#
#   eval "$(bash examples/lender/testdata/postgres-ci.sh)"
#   go test -race ./examples/lender/...
#   bash examples/lender/testdata/postgres-ci.sh stop   # uses CREDQ_TEST_POSTGRES_DIR
#
# If initdb/pg_ctl are missing it installs PostgreSQL from the Debian packages
# (apt-get install -y postgresql; needs root and a Debian mirror). The cluster
# lives in a fresh temporary directory, listens on a free loopback port only
# (trust authentication: it is reachable from this machine alone and is
# thrown away), and runs as the postgres user when the script runs as root.
# Everything but the export lines goes to stderr. When PostgreSQL cannot be
# installed or started, it says why on stderr and exits 0 without the export,
# so the tests skip with their printed reason.
set -euo pipefail

log() { echo "postgres-ci: $*" >&2; }

if [[ "${1:-}" == "stop" ]]; then
	dir="${CREDQ_TEST_POSTGRES_DIR:?CREDQ_TEST_POSTGRES_DIR is not set}"
	bin="$(cat "$dir/bindir")"
	if [[ "$(id -u)" == 0 ]]; then
		runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate stop >&2 || true
	else
		"$bin/pg_ctl" -D "$dir/data" -m immediate stop >&2 || true
	fi
	rm -rf "$dir"
	exit 0
fi

# find_bindir prints the directory holding initdb and pg_ctl (the newest
# Debian-installed major version, or the ones on PATH).
find_bindir() {
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
			echo "$d"
			return 0
		fi
	done
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		dirname "$(command -v initdb)"
		return 0
	fi
	return 1
}

if ! bindir="$(find_bindir)"; then
	if [[ "$(id -u)" != 0 ]]; then
		log "PostgreSQL is not installed and this script is not root: cannot apt-get install it; PostgreSQL tests will skip"
		exit 0
	fi
	if ! command -v apt-get >/dev/null 2>&1; then
		log "PostgreSQL is not installed and apt-get is missing; PostgreSQL tests will skip"
		exit 0
	fi
	log "installing PostgreSQL from the Debian packages"
	if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2; }; then
		log "apt-get install postgresql failed (no mirror reachable?); PostgreSQL tests will skip"
		exit 0
	fi
	if ! bindir="$(find_bindir)"; then
		log "postgresql installed but initdb/pg_ctl not found; PostgreSQL tests will skip"
		exit 0
	fi
fi

# A free loopback port: probe candidates until nothing answers.
port=""
for _ in $(seq 1 50); do
	p=$((20000 + RANDOM % 20000))
	if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
		port=$p
		break
	fi
done
if [[ -z "$port" ]]; then
	log "no free loopback port found; PostgreSQL tests will skip"
	exit 0
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/credq-pg.XXXXXX")"
echo "$bindir" >"$dir/bindir"
as_pg=()
if [[ "$(id -u)" == 0 ]]; then
	if ! id postgres >/dev/null 2>&1; then
		log "running as root but there is no postgres user; PostgreSQL tests will skip"
		exit 0
	fi
	chown postgres "$dir"
	chmod 0755 "$dir"
	as_pg=(runuser -u postgres --)
fi

if ! "${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U credq -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1; then
	log "initdb failed ($(tail -n 3 "$dir/initdb.log" | tr '\n' ' ')); PostgreSQL tests will skip"
	exit 0
fi
if ! "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
	-o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" start >&2; then
	log "PostgreSQL did not start ($(tail -n 3 "$dir/server.log" 2>/dev/null | tr '\n' ' ')); PostgreSQL tests will skip"
	exit 0
fi
if ! "${as_pg[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U credq credq_test >&2; then
	log "createdb failed; PostgreSQL tests will skip"
	exit 0
fi
log "PostgreSQL $("$bindir/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir"
echo "export CREDQ_TEST_POSTGRES_DSN='postgres://credq@127.0.0.1:$port/credq_test?sslmode=disable'"
echo "export CREDQ_TEST_POSTGRES_DIR='$dir'"
