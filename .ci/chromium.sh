#!/usr/bin/env bash
# Installs Debian's chromium for the browser test (browsertest/) when
# /usr/bin/chromium is missing; does nothing when it is there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
	exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
	sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y chromium
test -x /usr/bin/chromium
