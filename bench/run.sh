#!/usr/bin/env bash
# DynamicMail vs Postfix, side by side on this machine (issue #7).
#   bench/run.sh            full run (~20 min): every scenario, median of 3, results in bench/results/<date>.md
#   bench/run.sh --quick    small counts, one repetition, for development (results in bench/work/)
#   extra arguments go to the driver, e.g. --reps 5, --only ingest,memory,large,presence
# Needs root (it installs and reconfigures the machine's Postfix). Uses ports 25 (Postfix), 2625/5180 (DynamicMail),
# 2700 (the customer's mail server: smtp-sink or the driver's own sink).
set -euo pipefail
cd "$(dirname "$0")/.."
# One run at a time on the machine: the scenarios use fixed ports and Postfix is shared.
exec 9>/tmp/dm-bench.lock
flock 9
bench="$PWD/bench"

# 1. Tools: Postfix (the peer, and its smtp-source / smtp-sink load tools) and Chromium (the customer's browser).
need=()
[ -x /usr/sbin/postfix ] && [ -x /usr/sbin/smtp-source ] || need+=(postfix)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "run.sh: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
  echo "postfix postfix/mailname string bench.localdomain" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
  /usr/lib/postfix/configure-instance.sh - || true
fi
# dotnet-gcdump (NuGet) tells memory a message still holds from garbage not yet collected.
[ -x "$HOME/.dotnet/tools/dotnet-gcdump" ] || dotnet tool install -g dotnet-gcdump >/dev/null
# No systemd: start Postfix by hand (the driver configures it and reloads).
postfix status >/dev/null 2>&1 || postfix start

# 2. DynamicMail in Release, published (static web assets included), and the driver.
mkdir -p "$bench/work" "$bench/results"
# ReadyToRun, as a production deployment should be published: no JIT warm-up inside the measured seconds.
dotnet publish DynamicMail.Web -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$bench/work/publish" -nologo -v q
dotnet build bench/DynamicMail.Bench -c Release -nologo -v q
rm -rf "$bench"/work/dm-* "$bench"/work/chromium-*

# 3. Run, alternating DynamicMail and Postfix; the table goes to stdout and to the results file.
stamp=$(date -u +%Y-%m-%d-%H%M)
if [[ " $* " == *" --quick "* ]]; then results="$bench/work/quick-$stamp.md"; else results="$bench/results/$stamp.md"; fi
dotnet bench/DynamicMail.Bench/bin/Release/net10.0/DynamicMail.Bench.dll --bench-dir "$bench" --results "$results" "$@"
rm -rf "$bench"/work/dm-*
