#!/usr/bin/env bash
# Runs the store/postgres benchmarks side by side with their floor, on one
# throwaway PostgreSQL cluster, interleaved in rounds so that a noisy machine
# weighs on both alike:
#
#   each round: pgbench with a custom script doing one INSERT of a ~200-byte
#   row per transaction (synchronous_commit = on, the default) at 1 client,
#   at once followed by BenchmarkAppend with 1 worker (postgres, then file
#   store); the same at 8; then BenchmarkImport (100,000 issues x 5 events)
#   and BenchmarkReopenRead (500,000 events), against the same server.
#   (BenchmarkAppend's postgres-quiet runs with go test -bench directly.)
#
# At the end it prints, per round and as median [min-max] over the rounds,
# the appends' writes/s over pgbench's tps at the same client count, and the
# import and read-back times of both backends.
#
# Usage, from anywhere:
#
#   store/postgres/bench/pgbench.sh [rounds] [seconds per pgbench run] [append benchtime]
#
# (defaults: 5 rounds, 5 s, 3s). The raw output of every run is kept in the
# log it names. The cluster is made with initdb on a temporary directory,
# listens only on a Unix socket there, runs as user postgres when the script
# runs as root, and is stopped and removed at the end. Needs PostgreSQL's
# server binaries and pgbench (Debian: the postgresql package; see
# .ci/postgres.sh).
set -euo pipefail

rounds="${1:-5}"
secs="${2:-5}"
appendtime="${3:-3s}"

module="$(cd "$(dirname "$0")/.." && pwd)"
bin=""
for d in /usr/lib/postgresql/*/bin; do
	[ -x "$d/pg_ctl" ] && bin="$d"
done
if [ -z "$bin" ]; then
	bin="$(dirname "$(command -v pg_ctl)")"
fi
pgbench="$(command -v pgbench || echo "$bin/pgbench")"

dir="$(mktemp -d /tmp/hypercare-pgbench-XXXXXX)"
chmod 755 "$dir"
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
log="$(mktemp /tmp/hypercare-pgbench-log-XXXXXX)"

# The same settings as the tests' cluster (main_test.go startCluster).
"${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
	-o "-k $dir -c listen_addresses='' -c max_connections=200 -c shared_buffers=256MB" start >/dev/null

psql=("$bin/psql" -X -q -h "$dir" -U postgres -d postgres)
"${psql[@]}" -c "CREATE TABLE bench_rows (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL)"
script="$(mktemp /tmp/hypercare-pgbench-sql-XXXXXX)"
echo "INSERT INTO bench_rows (payload) VALUES (repeat('x', 180));" >"$script"
chmod 644 "$script"
echo "== synchronous_commit: $("${psql[@]}" -At -c 'SHOW synchronous_commit'), fsync: $("${psql[@]}" -At -c 'SHOW fsync'); $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== raw output: $log"

(cd "$module" && go test -c -o "$dir/bench.test" .)
export HYPERCARE_PG_URL="host=$dir port=5432 user=postgres dbname=postgres sslmode=disable"

# Each append benchmark runs right after pgbench at the same client count,
# so that each ratio compares runs a few seconds apart: this machine's fsync
# latency moves by a factor of ten within minutes.
for round in $(seq "$rounds"); do
	for clients in 1 8; do
		tps=$("$pgbench" -h "$dir" -U postgres -n -f "$script" -c "$clients" -j "$clients" -T "$secs" postgres |
			awk '/^tps/ {print $3; exit}')
		echo "round=$round pgbench clients=$clients tps=$tps" | tee -a "$log"
		(cd "$module" &&
			"$dir/bench.test" -test.run '^$' -test.bench "^BenchmarkAppend\$/^(postgres|file)\$/^workers=$clients\$" \
				-test.benchtime "$appendtime" -test.benchmem) |
			sed "s/^/round=$round /" | tee -a "$log" | grep -E '^round=[0-9]+ Benchmark'
	done
	(cd "$module" &&
		"$dir/bench.test" -test.run '^$' -test.bench '^Benchmark(Import|ReopenRead)$' -test.benchtime 3x -test.benchmem) |
		sed "s/^/round=$round /" | tee -a "$log" | grep -E '^round=[0-9]+ Benchmark'
done
rm -f "$script"

echo
echo "== ratios: writes/s over pgbench tps at the same client count; times in seconds"
awk '
function median(a, n,    i, j, t) {
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
	return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
}
/pgbench clients=/ {
	split($1, r, "="); split($3, c, "="); split($4, t, "="); tps[r[2], c[2]] = t[2]; rounds[r[2]] = 1
}
/ BenchmarkAppend\// {
	split($1, r, "="); name = $2; sub(/-[0-9]+$/, "", name); split(name, p, "/"); split(p[3], w, "=")
	for (i = 3; i <= NF; i++) if ($(i+1) == "writes/s") ws = $i
	key = p[2] " " w[2]; keys[key] = 1; ratio[key, r[2]] = ws / tps[r[2], w[2]]; rate[key, r[2]] = ws
}
/ Benchmark(Import|ReopenRead)\// {
	split($1, r, "="); name = $2; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
	for (i = 3; i <= NF; i++) if ($(i+1) == "ns/op") secs = $i / 1e9
	tkeys[name] = 1; took[name, r[2]] = secs
}
END {
	for (key in keys) {
		n = 0; line = ""
		for (rd in rounds) { n++; a[n] = ratio[key, rd]; b[n] = rate[key, rd] }
		asorted = median(a, n); lo = a[1]; hi = a[n]
		printf "append %-22s %5.0f%% of pgbench [%3.0f%%-%3.0f%%] (median %.0f writes/s, %d rounds)\n", key " workers", 100*asorted, 100*lo, 100*hi, median(b, n), n
	}
	for (name in tkeys) {
		n = 0
		for (rd in rounds) { n++; a[n] = took[name, rd] }
		m = median(a, n)
		printf "%-26s %6.2f s [%.2f-%.2f]\n", name, m, a[1], a[n]
	}
	for (rd in rounds) printf "pgbench round %s: %s tps at 1 client, %s at 8\n", rd, tps[rd, 1], tps[rd, 8]
}' "$log" | sort
