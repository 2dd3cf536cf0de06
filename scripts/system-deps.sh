#!/usr/bin/env bash
# Installs the system packages that `make test` needs beyond Python and make:
# Debian's Chromium (Playwright's own browser download cannot work offline), Vietnamese
# fonts, pdftotext for the print test, Node/npm for axe-core and Lighthouse (GitHub's
# workflows set up Node 24 LTS first, so only a local run takes Debian's), Java for the W3C Nu
# checker (npm vnu-jar), git for
# the last-updated dates, shellcheck for actionlint. Installs only what is missing.
set -euo pipefail

need=()
command -v git >/dev/null 2>&1 || need+=(git)
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-noto-core >/dev/null 2>&1 || need+=(fonts-noto-core)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)

if ((${#need[@]} == 0)); then
  exit 0
fi
echo "Installing system packages: ${need[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "error: these system packages are missing: ${need[*]}" >&2
  echo "       install them with: apt-get install -y ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq "${need[@]}"
