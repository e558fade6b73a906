#!/usr/bin/env bash
# Install the Debian packages communique needs, when they are missing.
#   scripts/system-deps.sh build   what `pip install` compiles (followthemoney's PyICU: ICU headers, g++)
#   scripts/system-deps.sh test    what the test suite starts for real: a PostgreSQL server,
#                                  Debian's Chromium (browser tests), a JDK (the Spark engine)
set -euo pipefail
what=${1:-test}
need=()
have_pkg() { dpkg -s "$1" >/dev/null 2>&1; }
case "$what" in
  build)
    have_pkg libicu-dev || need+=(libicu-dev)
    command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
    command -v g++ >/dev/null 2>&1 || need+=(g++)  # PyICU has no wheels: it compiles
    ;;
  test)
    ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
    [ -x /usr/bin/chromium ] || need+=(chromium)
    command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
    ;;
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "installing Debian packages: ${need[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
