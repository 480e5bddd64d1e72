#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/prometheus/run.sh: tpmdiag's Prometheus output the way a fleet uses
# it, with the real programs (Debian's prometheus, prometheus-node-exporter):
#   1. promtool check rules and test rules on dist/prometheus/;
#   2. a bundle of fixtures/tpm20-da-lockout (an error finding: the TPM is in
#      dictionary-attack lockout) through `tpmdiag analyze --format prometheus
#      --output` into a node_exporter's textfile directory; its /metrics
#      must serve the tpmdiag_ samples, with node_textfile_scrape_error 0;
#   3. a Prometheus scraping that exporter every second with the alerting
#      rules must fire TpmdiagErrorFinding (and TpmdiagLockout).
# Everything listens on 127.0.0.1 on free ports and is stopped, and the
# temporary directory removed, however the script ends. Exit 0 on pass.
# Run from anywhere: sh tests/prometheus/run.sh (TPMDIAG_BIN: the binary).
set -eu
cd "$(dirname "$0")/../.."
BIN=${TPMDIAG_BIN:-./tpmdiag}
RULES=dist/prometheus/tpmdiag-alerts.yml
FIX=fixtures/tpm20-da-lockout

fail() {
	echo "prometheus: FAIL: $*" >&2
	exit 1
}
for p in promtool prometheus prometheus-node-exporter python3; do
	command -v "$p" >/dev/null || fail "$p is not installed (Debian: make deps)"
done
[ -x "$BIN" ] || fail "no tpmdiag binary at $BIN (make, or set TPMDIAG_BIN)"

T=$(mktemp -d "${TMPDIR:-/tmp}/tpmdiag-prom-XXXXXX")
NE_PID= PR_PID=
cleanup() {
	for p in $PR_PID $NE_PID; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# 1. the rules on their own
promtool check rules "$RULES" >"$T/promtool.log" 2>&1 || { cat "$T/promtool.log"; fail "promtool check rules"; }
(cd dist/prometheus && promtool test rules tpmdiag-alerts.test.yml) >"$T/promtool.log" 2>&1 ||
	{ cat "$T/promtool.log"; fail "promtool test rules"; }
echo "prometheus: promtool check rules, test rules: ok"

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# GET http://127.0.0.1:$1$2 into $3; 1 when it cannot be had.
fetch() {
	python3 - "$1" "$2" "$3" <<'PY'
import sys, urllib.request
try:
    with urllib.request.urlopen("http://127.0.0.1:%s%s" % (sys.argv[1], sys.argv[2]), timeout=5) as r:
        open(sys.argv[3], "wb").write(r.read())
except Exception as e:
    sys.stderr.write("%s\n" % e)
    sys.exit(1)
PY
}
# Wait up to $1 seconds for fetch $2 $3 to work.
wait_up() {
	i=0
	while ! fetch "$2" "$3" "$T/up" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -le $(($1 * 4)) ] || return 1
		sleep 0.25
	done
}

# 2. tpmdiag's report in node_exporter's textfile directory
mkdir "$T/textfile"
"$BIN" collect --root "$FIX/root" --kmsg "$FIX/kmsg.log" --device "replay:$FIX/transcript" \
	-o "$T/lockedout-nuc.json" 2>"$T/collect.log" || { cat "$T/collect.log"; fail "tpmdiag collect"; }
st=0
"$BIN" analyze "$T/lockedout-nuc.json" --format prometheus --output "$T/textfile/tpmdiag.prom" \
	2>"$T/analyze.log" || st=$?
[ "$st" = 16 ] || { cat "$T/analyze.log"; fail "tpmdiag analyze exited $st, not 16 (an error finding)"; }
promtool check metrics <"$T/textfile/tpmdiag.prom" >"$T/promtool.log" 2>&1 ||
	{ cat "$T/promtool.log"; fail "promtool check metrics on tpmdiag's output"; }

NE_PORT=$(free_port)
prometheus-node-exporter --web.listen-address="127.0.0.1:$NE_PORT" \
	--collector.disable-defaults --collector.textfile \
	--collector.textfile.directory="$T/textfile" >"$T/node-exporter.log" 2>&1 &
NE_PID=$!
wait_up 20 "$NE_PORT" /metrics || { cat "$T/node-exporter.log"; fail "node_exporter did not answer on 127.0.0.1:$NE_PORT"; }
fetch "$NE_PORT" /metrics "$T/metrics" || fail "cannot scrape node_exporter"
for want in \
	'node_textfile_scrape_error 0' \
	'tpmdiag_finding{chip="tpm0",group="lockout",id="tpm2-da-lockout",severity="error"} 1' \
	'tpmdiag_lockout_in_force{chip="tpm0"} 1' \
	'tpmdiag_tpm_present{chip="tpm0"} 1' \
	'tpmdiag_exit_status 16'; do
	grep -qxF "$want" "$T/metrics" || { grep -E '^(tpmdiag|node_textfile)' "$T/metrics"; fail "node_exporter does not serve: $want"; }
done
echo "prometheus: node_exporter serves tpmdiag's samples, node_textfile_scrape_error 0: ok"

# 3. Prometheus with the rules. The rules' for: durations (5 to 15 minutes)
# are for production; this copy has them at 1s so the alerts fire in seconds.
sed 's/^\( *for:\) .*/\1 1s/' "$RULES" >"$T/rules.yml"
PR_PORT=$(free_port)
cat >"$T/prometheus.yml" <<EOC
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $T/rules.yml
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:$NE_PORT']
EOC
promtool check config "$T/prometheus.yml" >"$T/promtool.log" 2>&1 || { cat "$T/promtool.log"; fail "promtool check config"; }
prometheus --config.file="$T/prometheus.yml" --storage.tsdb.path="$T/data" \
	--web.listen-address="127.0.0.1:$PR_PORT" >"$T/prometheus.log" 2>&1 &
PR_PID=$!
wait_up 30 "$PR_PORT" /-/ready || { tail -20 "$T/prometheus.log"; fail "prometheus did not become ready on 127.0.0.1:$PR_PORT"; }
i=0
while :; do
	fetch "$PR_PORT" /api/v1/alerts "$T/alerts.json" || true
	if [ -s "$T/alerts.json" ] && python3 - "$T/alerts.json" <<'PY'; then break; fi
import json, sys
a = json.load(open(sys.argv[1]))["data"]["alerts"]
firing = {(x["labels"]["alertname"], x["labels"].get("chip"), x["labels"].get("id")) for x in a if x["state"] == "firing"}
need = {("TpmdiagErrorFinding", "tpm0", "tpm2-da-lockout"), ("TpmdiagLockout", "tpm0", None)}
sys.exit(0 if need <= firing else 1)
PY
	i=$((i + 1))
	[ "$i" -le 60 ] || { cat "$T/alerts.json"; echo; tail -20 "$T/prometheus.log"; fail "TpmdiagErrorFinding and TpmdiagLockout did not fire within 60 s"; }
	sleep 1
done
python3 - "$T/alerts.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["data"]["alerts"]
for x in a:
    if x["state"] == "firing":
        print("prometheus: firing %s: %s" % (x["labels"]["alertname"], x["annotations"]["summary"]))
bad = [x["labels"]["alertname"] for x in a if x["labels"]["alertname"] not in ("TpmdiagErrorFinding", "TpmdiagLockout")]
if bad:
    sys.stderr.write("prometheus: FAIL: alerts that should not fire: %s\n" % bad)
    sys.exit(1)
PY
echo "prometheus: Prometheus fires TpmdiagErrorFinding and TpmdiagLockout: ok"
