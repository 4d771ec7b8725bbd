#!/bin/sh
# Screenshots of every page (customer and console, each in a telling state) at 1366x900 and 390x844,
# into a folder a reviewer can flip through in a minute. Usage: tools/screenshots.sh [folder] (default: screenshots/)
set -eu
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-screenshots}")"
mkdir -p "$out"
dotnet build DynamicMail.sln -nologo -v q
DM_SCREENSHOTS="$out" dotnet test --solution DynamicMail.sln --no-build --filter-class '*AccessibilityTests'
echo "Screenshots in $out:"
ls "$out"
