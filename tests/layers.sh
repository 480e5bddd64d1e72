#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/layers.sh: the house rules of ARCHITECTURE.md, checked on the tree.
#   - every folder of product code (diag/, probes/, reports/) is in the order
#     below, and includes ("#include "dir/file.h"") only itself and folders
#     earlier in it: no upward include, so no circle between folders;
#   - no circle of includes between files either (tsort);
#   - no product source file (.c, .h) over 700 lines;
#   - no folder with more than 20 source files.
# Prints each violation with the file and line; exit status 1 when any.
# Run from anywhere: sh tests/layers.sh
set -eu
cd "$(dirname "$0")/.."

# Lowest first. A new folder goes where what it includes is all above it
# in this list, and what includes it is below (ARCHITECTURE.md, "The map").
ORDER="probes/os diag/facts probes/tpm probes/transport probes/commands probes/parse probes/eventlog probes/keys
diag/ppi diag/own probes probes/device probes/offline diag/engine diag/actions
reports/facts reports diag/cli"
MAX_LINES=700
MAX_FILES=20

W=$(mktemp -d "${TMPDIR:-/tmp}/tpmdiag-layers-XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM
rank=0
for d in $ORDER; do
	rank=$((rank + 1))
	echo "$d $rank"
done >"$W/order"
find diag probes reports -name '*.[ch]' | sort >"$W/files"

bad=0
# Folders: each in the order, none too full.
for d in $(sed 's|/[^/]*$||' "$W/files" | sort | uniq); do
	if ! grep -q "^$d " "$W/order"; then
		echo "layers: $d/ holds source files but is not in the order of tests/layers.sh (ARCHITECTURE.md)"
		bad=1
	fi
	n=$(grep -c "^$d/[^/]*$" "$W/files")
	if [ "$n" -gt "$MAX_FILES" ]; then
		echo "layers: $d/ holds $n source files (more than $MAX_FILES): split the concept"
		bad=1
	fi
done

# Files: size, includes.
while read -r f; do
	n=$(wc -l <"$f")
	if [ "$n" -gt "$MAX_LINES" ]; then
		echo "layers: $f has $n lines (more than $MAX_LINES): split it along a seam"
		bad=1
	fi
	grep -n '^#include "' "$f" | sed "s|^\([0-9]*\):#include \"\([^\"]*\)\".*|$f \1 \2|" || true
done <"$W/files" >"$W/includes"
[ -s "$W/includes" ] || { echo "layers: no includes found"; exit 1; }
grep -v '^layers: ' "$W/includes" >"$W/edges" || true
grep '^layers: ' "$W/includes" && bad=1

awk -v ORDERFILE="$W/order" '
	BEGIN { while ((getline l < ORDERFILE) > 0) { split(l, a, " "); r[a[1]] = a[2] } }
	function dir(p) { sub(/\/[^\/]*$/, "", p); return p }
	{
		f = $1; line = $2; inc = $3; fd = dir(f); id = dir(inc)
		if (id == fd || inc !~ /^(diag|probes|reports)\//) next
		if (!(id in r) || !(fd in r)) next   # reported above
		if (r[id] >= r[fd]) {
			printf "layers: %s:%s includes %s: %s/ is not below %s/\n", f, line, inc, id, fd
			bad = 1
		}
	}
	END { exit bad }' "$W/edges" || bad=1

# A circle of files: tsort says so on stderr.
awk '{ print $3, $1 }' "$W/edges" | tsort >/dev/null 2>"$W/tsort" || true
if [ -s "$W/tsort" ]; then
	echo "layers: a circle of includes:"
	sed 's/^/  /' "$W/tsort"
	bad=1
fi

if [ "$bad" = 0 ]; then
	echo "layers: $(wc -l <"$W/files") files in $(wc -l <"$W/order") folders; no upward include, no circle, none over $MAX_LINES lines or $MAX_FILES files a folder"
fi
exit "$bad"
