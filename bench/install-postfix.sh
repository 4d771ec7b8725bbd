#!/usr/bin/env bash
# Installs and starts Postfix (the peer, plus its smtp-source/smtp-sink load tools) on Debian, non-interactively.
set -euo pipefail
if ! command -v postfix >/dev/null 2>&1 || [ ! -x /usr/sbin/smtp-source ]; then
  export DEBIAN_FRONTEND=noninteractive
  echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
  echo "postfix postfix/mailname string bench.localdomain" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq postfix >/dev/null
  /usr/lib/postfix/configure-instance.sh - || true
fi
