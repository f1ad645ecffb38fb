#!/usr/bin/env bash
# Runs the store/postgres benchmarks side by side with their floor, on one
# throwaway PostgreSQL cluster:
#
#   1. pgbench with a custom script doing one INSERT of a ~200-byte row per
#      transaction (synchronous_commit = on, the default) at 1 and 8 clients;
#   2. go test -bench in store/postgres against the same server
#      (HYPERCARE_PG_URL), with durable commits too.
#
# Usage, from anywhere:
#
#   store/postgres/bench/pgbench.sh [seconds per pgbench run] [go test flags...]
#
# e.g. store/postgres/bench/pgbench.sh 15 -bench . -benchtime 10s -count 1
# (defaults: 15 s, -bench . -count 1). The ratio the issue asks for is the
# writes/s of BenchmarkAppend/workers=N over pgbench's tps at N clients.
#
# The cluster is made with initdb on a temporary directory, listens only on a
# Unix socket there, runs as user postgres when the script runs as root, and
# is stopped and removed at the end. Needs PostgreSQL's server binaries and
# pgbench (Debian: the postgresql package; see .ci/postgres.sh).
set -euo pipefail

secs="${1:-15}"
shift || true
if [ $# -eq 0 ]; then
	set -- -bench . -count 1
fi

module="$(cd "$(dirname "$0")/.." && pwd)"
bin=""
for d in /usr/lib/postgresql/*/bin; do
	[ -x "$d/pg_ctl" ] && bin="$d"
done
if [ -z "$bin" ]; then
	bin="$(dirname "$(command -v pg_ctl)")"
fi

dir="$(mktemp -d /tmp/hypercare-pgbench-XXXXXX)"
as=()
if [ "$(id -u)" -eq 0 ]; then
	chown postgres "$dir"
	as=(runuser -u postgres --)
fi
cleanup() {
	"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT

# The same settings as the tests' cluster (main_test.go startCluster).
"${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
	-o "-k $dir -c listen_addresses='' -c max_connections=200 -c shared_buffers=256MB" start >/dev/null

psql=("$bin/psql" -X -q -h "$dir" -U postgres -d postgres)
"${psql[@]}" -c "CREATE TABLE bench_rows (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL)"
cat >"$dir/insert.sql" <<'SQL'
INSERT INTO bench_rows (payload) VALUES (repeat('x', 180));
SQL
echo "== synchronous_commit: $("${psql[@]}" -At -c 'SHOW synchronous_commit'), fsync: $("${psql[@]}" -At -c 'SHOW fsync')"
for clients in 1 8; do
	tps=$("$bin/pgbench" -h "$dir" -U postgres -n -f "$dir/insert.sql" -c "$clients" -j "$clients" -T "$secs" postgres |
		awk '/^tps/ {print $3; exit}')
	echo "pgbench clients=$clients tps=$tps"
done

echo "== go test -run '^\$' $* (store/postgres)"
cd "$module"
HYPERCARE_PG_URL="host=$dir port=5432 user=postgres dbname=postgres sslmode=disable" go test -run '^$' "$@" .
