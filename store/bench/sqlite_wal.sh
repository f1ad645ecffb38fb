#!/bin/sh
# sqlite_wal.sh measures SQLite, through the sqlite3 command-line shell, on
# the workload of BenchmarkAppendEvent/File/Sequential: one writer, one
# event (a 100-byte body) appended to an existing issue per durable commit
# — a transaction inserting the event and bumping the issue's version — in
# WAL mode with synchronous=FULL. It prints the time per commit, to set
# beside the Go benchmarks run at the same time on the same disk, e.g.:
#
#	store/bench/sqlite_wal.sh 2000
#	go test -run XXX -bench 'AppendEvent/File/Sequential$|AppendEventRawFloor/Fsync' -benchtime 2000x ./store
#
# The temporary database lives in $TMPDIR (the Go benchmarks' b.TempDir
# does too), so both write to the same file system.
set -eu
n=${1:-2000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/bench.db"
sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
CREATE TABLE issues(id TEXT PRIMARY KEY, version INTEGER NOT NULL);
CREATE TABLE events(issue TEXT NOT NULL, seq INTEGER NOT NULL, body BLOB NOT NULL, PRIMARY KEY(issue, seq));
WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL SELECT k+1 FROM i WHERE k+1 < $n)
INSERT INTO issues SELECT printf('INC-%06d', k), 1 FROM i;
SQL
awk -v n="$n" 'BEGIN {
	print "PRAGMA synchronous=FULL;"
	for (i = 0; i < n; i++)
		printf "BEGIN; INSERT INTO events VALUES(%c INC-%06d%c, 2, randomblob(100)); UPDATE issues SET version = 2 WHERE id = %cINC-%06d%c; COMMIT;\n", 39, i, 39, 39, i, 39
}' | sed "s/' INC/'INC/g" >"$dir/ops.sql"
start=$(date +%s%N)
sqlite3 "$db" <"$dir/ops.sql" >/dev/null
end=$(date +%s%N)
rows=$(sqlite3 "$db" 'SELECT count(*) FROM events')
[ "$rows" -eq "$n" ] || { echo "sqlite_wal.sh: $rows events stored, want $n" >&2; exit 1; }
echo "SQLite WAL synchronous=FULL, 1 writer: $n commits, $(( (end - start) / n )) ns/commit, $(( n * 1000000000 / (end - start) )) commits/s"
