#!/usr/bin/env bash
# Makes sure the PostgreSQL server binaries the store/postgres tests start a
# throwaway cluster with (initdb, pg_ctl, postgres) are installed: Debian's
# postgresql package, installed with apt-get if they are missing. Idempotent:
# it does nothing when they are there. It starts no server; the tests do
# (and stop it), or use $HYPERCARE_PG_URL when it is set.
set -euo pipefail

have_server() {
	local d
	for d in /usr/lib/postgresql/*/bin; do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
			echo "PostgreSQL server binaries in $d"
			return 0
		fi
	done
	if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
		echo "PostgreSQL server binaries on PATH: $(dirname "$(command -v pg_ctl)")"
		return 0
	fi
	return 1
}

if [ -n "${HYPERCARE_PG_URL:-}" ]; then
	echo "HYPERCARE_PG_URL is set: the tests use that server"
	exit 0
fi
if have_server; then
	exit 0
fi
if ! command -v apt-get >/dev/null; then
	echo "no PostgreSQL server binaries and no apt-get to install them: install PostgreSQL or set HYPERCARE_PG_URL" >&2
	exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
	sudo="sudo"
fi
echo "installing Debian's postgresql package"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
# The package may start a cluster of its own; the tests do not use it.
have_server
