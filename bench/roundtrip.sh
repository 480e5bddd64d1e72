#!/bin/bash
# bench/roundtrip.sh [N]: N (default 200) GetCapability round trips, each a
# whole process, through tpmdiag and through the peer tool, against the same
# swtpm in the same run; prints each total, wall-clock and CPU (user + system
# of the processes), and the ratios tpmdiag/peer.
#   TPM 2.0: tpmdiag send getcap properties-fixed  vs  tpm2_getcap properties-fixed
#   TPM 1.2: tpmdiag send getcap version           vs  tpm_version (through tcsd)
# tpmdiag is not told the family (no --tpm20/--tpm12): its detection is part
# of what a user pays. Goal (issue 16): CPU ratio <= 0.3 against tpm2_getcap.
# Uses loopback ports and a private temp dir only.
# bash, also when started as `sh bench/NAME.sh`
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
N=${1:-200}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${TPMDIAG_BIN:-$top/tpmdiag}
[ -x "$bin" ] || { echo "build first: make"; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/tpmdiag-bench-XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$W"; }
trap cleanup EXIT INT TERM

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { # a loopback port P with nothing on P, P+1, P+2
	local p
	for _ in $(seq 100); do
		p=$((RANDOM % 30000 + 20000))
		listening $p || listening $((p + 1)) || listening $((p + 2)) || { echo $p; return; }
	done
}

wait_port() { for _ in $(seq 200); do listening "$1" && return 0; sleep 0.05; done; return 1; }

loop() { # loop N CMD...: run CMD N times, each must succeed
	local n=$1 i; shift
	for ((i = 0; i < n; i++)); do "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; return 1; }; done
}
timeit() { # timeit N CMD... -> "WALL CPU" seconds for N runs (CPU: user + system)
	local out
	"${@:2}" >/dev/null 2>&1 # warm-up, untimed: a fresh swtpm 1.2 answers its first command late
	out=$( { TIMEFORMAT='%R %U %S'; time loop "$@"; } 2>&1 >/dev/null) || { echo "$out" >&2; return 1; }
	set -- $(echo "$out" | tail -n 1)
	echo "$1 $(echo "$2 + $3" | bc -l)"
}

start_swtpm() { # start_swtpm DIR PORT [--tpm2]
	mkdir -p "$1/st"
	[ "${3:-}" = --tpm2 ] || swtpm_setup --tpmstate "$1/st" --createek >/dev/null 2>&1
	swtpm socket ${3:-} --tpmstate dir="$1/st" --server type=tcp,port="$2",bindaddr=127.0.0.1 \
		--ctrl type=tcp,port=$(($2 + 1)),bindaddr=127.0.0.1 --flags not-need-init,startup-clear \
		--log file="$1/swtpm.log" &
	pids+=($!)
	wait_port "$2"
}

ratio() { # ratio LABEL "WALL CPU" PEER "WALL CPU"
	local ow oc pw pc
	read -r ow oc <<<"$2"
	read -r pw pc <<<"$4"
	printf '%-8s tpmdiag %.2f s (CPU %.2f s)   %-20s %.2f s (CPU %.2f s)   ratio wall %.2f  CPU %.2f\n' \
		"$1" "$ow" "$oc" "$3" "$pw" "$pc" "$(echo "$ow / $pw" | bc -l)" "$(echo "$oc / $pc" | bc -l)"
}

# --- TPM 2.0 ---
P=$(free_port)
start_swtpm "$W/t2" "$P" --tpm2 || { echo "swtpm 2.0 did not start"; exit 1; }
ours=$(timeit "$N" "$bin" --device "swtpm:tcp:127.0.0.1:$P" send getcap properties-fixed) || exit 1
peer=$(timeit "$N" tpm2_getcap -T "swtpm:host=127.0.0.1,port=$P" properties-fixed) || exit 1
ratio "TPM 2.0" "$ours" "tpm2_getcap" "$peer"

# --- TPM 1.2 --- tcsd holds the swtpm connection while it runs: ours first
P=$(free_port)
start_swtpm "$W/t12" "$P" || { echo "swtpm 1.2 did not start"; exit 1; }
ours=$(timeit "$N" "$bin" --device "swtpm:tcp:127.0.0.1:$P" send getcap version) || exit 1
if command -v tcsd >/dev/null && getent group tss >/dev/null; then
	printf 'port = %d\nsystem_ps_file = %s\n' $((P + 2)) "$W/system.data" >"$W/tcsd.conf"
	chown root:tss "$W/tcsd.conf" && chmod 0640 "$W/tcsd.conf"
	TCSD_USE_TCP_DEVICE=1 TCSD_TCP_DEVICE_HOSTNAME=127.0.0.1 TCSD_TCP_DEVICE_PORT=$P \
		tcsd -f -e -c "$W/tcsd.conf" >"$W/tcsd.log" 2>&1 &
	pids+=($!)
	wait_port $((P + 2))
	peer=$(TSS_TCSD_HOSTNAME=127.0.0.1 TSS_TCSD_PORT=$((P + 2)) timeit "$N" tpm_version) || exit 1
	ratio "TPM 1.2" "$ours" "tpm_version (tcsd)" "$peer"
else
	echo "TPM 1.2  tpmdiag $ours s (wall, CPU); tpm_version not run (needs tcsd and the tss group: make deps)"
fi
