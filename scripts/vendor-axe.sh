#!/usr/bin/env bash
# Copy axe-core, the accessibility rules engine the browser tests run in each page, from its npm package into
# tests/vendor/axe-core/. It is a test tool: it lives under tests/, never under static/, and no page loads it.
set -euo pipefail
cd "$(dirname "$0")/.."
version=4.14.1
dest=tests/vendor/axe-core
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "axe-core@$version" --silent >/dev/null && tar xzf ./*.tgz)
mkdir -p "$dest"
cp "$work/package/axe.min.js" "$work/package/LICENSE" "$work/package/LICENSE-3RD-PARTY.txt" "$dest/"
cat > "$dest/VERSION.txt" <<TXT
axe-core $version (npm, MPL-2.0), copied by scripts/vendor-axe.sh: axe.min.js, LICENSE, LICENSE-3RD-PARTY.txt
sha256 $(sha256sum "$dest/axe.min.js" | cut -d' ' -f1)  axe.min.js
Used only by tests/core/test_accessibility.py (injected into each page by Playwright); never served.
TXT
cat "$dest/VERSION.txt"
