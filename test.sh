#!/usr/bin/env bash
# Installs what the tests need when it is missing, then runs the whole suite.
# Extra arguments go to `dotnet test` (e.g. ./test.sh --filter-class '*IngestProtocolTests').
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v swaks >/dev/null 2>&1 || need+=(swaks)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v fetchmail >/dev/null 2>&1 || need+=(fetchmail)
[ -f /usr/share/publicsuffix/public_suffix_list.dat ] || need+=(publicsuffix)
# PostgreSQL server binaries for the throwaway test cluster (TestSupport/PostgresCluster.cs); never started as "main".
command -v pg_createcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

dotnet build DynamicMail.sln -c Debug -nologo -v q
exec dotnet test --solution DynamicMail.sln --no-build "$@"
