#!/usr/bin/env bash
# Copy the front-end files the site serves from their npm packages into static/vendor/, complete:
# every file that names a source map (sourceMappingURL) comes with that map, because
# collectstatic's manifest storage refuses a reference it cannot resolve (production would not start).
# Versions are pinned here and listed in static/vendor/VERSIONS.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

unpack() {  # unpack <package@version>: the package's files in $work/<name>/package
  local name=${1%@*}
  mkdir -p "$work/$name"
  (cd "$work/$name" && npm pack "$1" --silent >/dev/null && tar xzf ./*.tgz)
  echo "$work/$name/package"
}

copy() {  # copy <from> <to-dir>
  mkdir -p "$2"
  cp "$1" "$2/"
}

pkg=$(unpack bootstrap@5.3.9)
for f in css/bootstrap.min.css css/bootstrap.min.css.map js/bootstrap.bundle.min.js js/bootstrap.bundle.min.js.map; do
  copy "$pkg/dist/$f" "$dest/bootstrap/$(dirname "$f")"
done
copy "$pkg/LICENSE" "$dest/bootstrap"

pkg=$(unpack bootstrap-icons@1.13.2)
copy "$pkg/font/bootstrap-icons.min.css" "$dest/bootstrap-icons"
copy "$pkg/font/fonts/bootstrap-icons.woff" "$dest/bootstrap-icons/fonts"
copy "$pkg/font/fonts/bootstrap-icons.woff2" "$dest/bootstrap-icons/fonts"
copy "$pkg/LICENSE" "$dest/bootstrap-icons"

pkg=$(unpack htmx.org@2.0.11)
copy "$pkg/dist/htmx.min.js" "$dest/htmx"
copy "$pkg/LICENSE" "$dest/htmx"

pkg=$(unpack chart.js@4.6.1)
copy "$pkg/dist/chart.umd.min.js" "$dest/chartjs"
copy "$pkg/dist/chart.umd.min.js.map" "$dest/chartjs"
copy "$pkg/LICENSE.md" "$dest/chartjs"

# The same check as tests/core/test_vendored_files.py: every named map is there.
status=0
while IFS=: read -r file map; do
  [ -f "$(dirname "$file")/$map" ] || { echo "missing source map: $(dirname "$file")/$map" >&2; status=1; }
done < <(grep -rHoE 'sourceMappingURL=[^ *]+' "$dest" --include='*.js' --include='*.css' | sed 's/sourceMappingURL=//')
exit $status
