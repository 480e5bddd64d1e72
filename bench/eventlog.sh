#!/bin/bash
# bench/eventlog.sh [MB]: a crypto-agile event log of about MB megabytes
# (default 1): the Spec ID header of a captured OVMF boot
# (fixtures/eventlog/ovmf-tpm20-sb-on-k1, Secure Boot on: variables,
# certificates, device paths, GPT) followed by its events repeated, parsed
# and replayed by `tpmdiag eventlog FILE` and by `tpm2_eventlog FILE` in the
# same run. Prints both times (seconds a run, the best of three rounds of
# ten), the ratio tpmdiag/tpm2_eventlog,
# tpmdiag's peak RSS, and whether both replay the same PCRs. Goal (issue
# 14): ratio <= 0.2. Uses a private temp dir only. Needs /usr/bin/time.
# bash, also when started as `sh bench/NAME.sh`
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
MB=${1:-1}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${TPMDIAG_BIN:-$top/tpmdiag}
src=$top/fixtures/eventlog/ovmf-tpm20-sb-on-k1/binary_bios_measurements
W=$(mktemp -d "${TMPDIR:-/tmp}/tpmdiag-bench-XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM
[ -x /usr/bin/time ] || { echo "bench/eventlog.sh needs /usr/bin/time (apt-get install time)"; exit 1; }
command -v tpm2_eventlog >/dev/null || { echo "bench/eventlog.sh needs tpm2_eventlog (tpm2-tools)"; exit 1; }
[ -x "$bin" ] || { echo "build first: make"; exit 1; }

# The header is one TCG_PCR_EVENT: pcr, type, 20-byte digest, size, data.
python3 - "$src" "$W/log" "$MB" <<'EOF'
import struct, sys
data = open(sys.argv[1], "rb").read()
hsize = 32 + struct.unpack_from("<I", data, 28)[0]
head, body = data[:hsize], data[hsize:]
want = int(float(sys.argv[3]) * 1024 * 1024)
with open(sys.argv[2], "wb") as f:
    f.write(head)
    n = len(head)
    while n + len(body) <= want or n == len(head):
        f.write(body)
        n += len(body)
EOF
size=$(stat -c %s "$W/log")

now() { date +%s.%N; }
# best N CMD...: the least of three timings of N runs each, seconds per run
best() {
	local n=$1 r i t0 t1 t b=; shift
	for ((r = 0; r < 3; r++)); do
		t0=$(now)
		for ((i = 0; i < n; i++)); do "$@" >/dev/null 2>&1; done
		t1=$(now)
		t=$(echo "($t1 - $t0) / $n" | bc -l)
		[ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ] && b=$t
	done
	echo "$b"
}

ours=$(best 10 "$bin" eventlog "$W/log")
peer=$(best 10 tpm2_eventlog "$W/log")
/usr/bin/time -f %M -o "$W/t" "$bin" eventlog "$W/log" >/dev/null 2>&1
rss=$(tail -n 1 "$W/t")

# Both replays, PCR by PCR: tpm2_eventlog's "pcrs:" section against our JSON.
tpm2_eventlog "$W/log" 2>/dev/null >"$W/peer.yaml"
"$bin" eventlog --format json "$W/log" >"$W/ours.json" 2>/dev/null
agree=$(python3 - "$W/peer.yaml" "$W/ours.json" <<'EOF'
import json, re, sys
peer, bank = {}, None
in_pcrs = False
for line in open(sys.argv[1]):
    if line.startswith("pcrs:"):
        in_pcrs = True
        continue
    if not in_pcrs:
        continue
    m = re.match(r"^  (\w+):\s*$", line)
    if m:
        bank = m.group(1)
        continue
    m = re.match(r"^    (\d+)\s*: 0x([0-9A-Fa-f]+)", line)
    if m and bank:
        peer[(bank, int(m.group(1)))] = m.group(2).lower()
doc = json.load(open(sys.argv[2]))
ours = {}
for bank, pcrs in doc.get("pcrs", {}).items():
    for p in pcrs:
        ours[(bank, int(p["pcr"]))] = p["value"].lower()
same = sum(1 for k in peer if ours.get(k) == peer[k])
print("%d of %d replayed PCRs equal" % (same, len(peer)))
EOF
)

printf 'event log %d bytes: tpmdiag %.3f s (peak RSS %d KB)   tpm2_eventlog %.3f s   ratio %.3f   %s\n' \
	"$size" "$ours" "$rss" "$peer" "$(echo "$ours / $peer" | bc -l)" "$agree"
