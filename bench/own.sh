#!/bin/bash
# bench/own.sh [N]: N (default 10) rounds of taking ownership of a freshly
# made swtpm, each a whole process, through tpmdiag and through the peer
# tools; prints each total and the ratio tpmdiag/peer (issue 6, goal <= 1.0).
#   TPM 1.2: tpmdiag own --well-known --yes  vs  tpm_takeownership -y -z (tcsd)
#   TPM 2.0: tpmdiag own --yes --owner-password-file F  vs  tpm2_changeauth,
#            tpm2_createprimary (RSA 2048 SRK template), tpm2_evictcontrol
# Every round gets its own new swtpm state; making the state, starting swtpm
# and tcsd and one untimed warm-up command are not timed, only the ownership
# commands are. Uses loopback ports and a private temp dir only.
# bash, also when started as `sh bench/NAME.sh`
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
N=${1:-10}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${TPMDIAG_BIN:-$top/tpmdiag}
[ -x "$bin" ] || { echo "build first: make"; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/tpmdiag-bench-own-XXXXXX")
chmod 0711 "$W" # tcsd drops to the tss user and writes its ps file below
pids=()
stop_pid() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }
cleanup() { for p in "${pids[@]}"; do stop_pid "$p"; done; rm -rf "$W"; }
trap cleanup EXIT INT TERM

PASS=bench-owner-secret
printf '%s\n' "$PASS" >"$W/owner.pw"
chmod 0600 "$W/owner.pw"

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { # a loopback port P with nothing on P, P+1, P+2, below the
	# kernel's ephemeral range so that no client socket holds it
	local p lo
	read -r lo _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || lo=32768
	[ "$lo" -gt 12000 ] || lo=32768
	for _ in $(seq 100); do
		p=$((RANDOM % (lo - 11000) + 10000))
		[ $p -gt 30003 ] || [ $((p + 2)) -lt 30003 ] || continue # another user's port
		listening $p || listening $((p + 1)) || listening $((p + 2)) || { echo $p; return; }
	done
}
wait_port() { # wait_port PORT [PID]: until PORT listens, PID (if given) alive
	for _ in $(seq 200); do
		listening "$1" && return 0
		[ -z "${2:-}" ] || kill -0 "$2" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

now() { date +%s.%N; }
fail() { # fail MSG LOG
	echo "FAILED: $1" >&2
	[ -n "${2:-}" ] && [ -f "$2" ] && tail -n 20 "$2" >&2
	exit 1
}

# new_swtpm DIR [--tpm2]: a fresh state in DIR and swtpm serving it on a
# free loopback port; sets P (its port) and SWTPM_PID. TPM 1.2 states come
# from swtpm_setup --createek (enabled, activated, with an EK, unowned).
new_swtpm() {
	local try opt=("${@:2}")
	mkdir -p "$1/st"
	swtpm_setup "${opt[@]}" --tpmstate "$1/st" --createek >"$1/setup.log" 2>&1 ||
		fail "swtpm_setup ${opt[*]}" "$1/setup.log"
	for try in 1 2 3 4 5; do # another process may take the port meanwhile
		P=$(free_port)
		swtpm socket "${opt[@]}" --tpmstate dir="$1/st" \
			--server type=tcp,port="$P",bindaddr=127.0.0.1 \
			--ctrl type=tcp,port=$((P + 1)),bindaddr=127.0.0.1 \
			--flags not-need-init,startup-clear --log file="$1/swtpm.log" >>"$1/swtpm.out" 2>&1 &
		SWTPM_PID=$!
		pids+=("$SWTPM_PID")
		wait_port "$P" "$SWTPM_PID" && return 0
		stop_pid "$SWTPM_PID"
	done
	fail "swtpm did not start ($try tries)" "$1/swtpm.out"
}

# timed LOG CMD...: run CMD once, output to LOG; prints its seconds
timed() {
	local log=$1 t0 t1; shift
	t0=$(now)
	"$@" >>"$log" 2>&1 || { echo "FAILED: $*" >&2; tail -n 20 "$log" >&2; return 1; }
	t1=$(now)
	echo "$t1 - $t0" | bc -l
}

ratio() { printf '%-8s tpmdiag %.2f s   %-22s %.2f s   ratio %.2f\n' "$1" "$2" "$3" "$4" "$(echo "$2 / $4" | bc -l)"; }

have_tcsd() { command -v tcsd >/dev/null && command -v tpm_takeownership >/dev/null && getent group tss >/dev/null; }

# One round each: a fresh state, untimed warm-up, the timed ownership
# command(s); prints the seconds. tpmdiag and peer rounds alternate so that
# load from elsewhere on the machine falls on both alike.
ours12() {
	local d="$W/t12-ours-$1" s
	new_swtpm "$d"
	"$bin" --device "swtpm:tcp:127.0.0.1:$P" --tpm12 send getcap version >"$d/out" 2>&1 # warm-up
	s=$(timed "$d/out" "$bin" --device "swtpm:tcp:127.0.0.1:$P" own --well-known --yes) || exit 1
	stop_pid "$SWTPM_PID"
	rm -rf "$d"
	ours=$(echo "$ours + $s" | bc -l)
}
peer12() { # tcsd holds the swtpm connection while it runs
	local d="$W/t12-peer-$1" s tp
	new_swtpm "$d"
	chmod 0711 "$d"
	mkdir -p "$d/tcsd" && chown tss:tss "$d/tcsd" # tcsd writes its ps file as tss
	printf 'port = %d\nsystem_ps_file = %s\n' $((P + 2)) "$d/tcsd/system.data" >"$d/tcsd.conf"
	chown root:tss "$d/tcsd.conf" && chmod 0640 "$d/tcsd.conf"
	TCSD_USE_TCP_DEVICE=1 TCSD_TCP_DEVICE_HOSTNAME=127.0.0.1 TCSD_TCP_DEVICE_PORT=$P \
		tcsd -f -e -c "$d/tcsd.conf" >"$d/tcsd.log" 2>&1 &
	tp=$!
	pids+=("$tp")
	wait_port $((P + 2)) "$tp" || fail "tcsd did not start" "$d/tcsd.log"
	TSS_TCSD_HOSTNAME=127.0.0.1 TSS_TCSD_PORT=$((P + 2)) tpm_version >"$d/out" 2>&1 # warm-up
	s=$(TSS_TCSD_HOSTNAME=127.0.0.1 TSS_TCSD_PORT=$((P + 2)) timed "$d/out" tpm_takeownership -y -z) || exit 1
	stop_pid "$tp"
	stop_pid "$SWTPM_PID"
	rm -rf "$d"
	peer=$(echo "$peer + $s" | bc -l)
}
srk_attrs='fixedtpm|fixedparent|sensitivedataorigin|userwithauth|noda|restricted|decrypt'
peer_own20() { # the tpm2-tools sequence for what tpmdiag own does
	tpm2_changeauth -c owner "$PASS" &&
		tpm2_createprimary -C o -P "$PASS" -g sha256 -G rsa2048:aes128cfb -a "$srk_attrs" -c "$1/srk.ctx" &&
		tpm2_evictcontrol -C o -P "$PASS" -c "$1/srk.ctx" 0x81000001
}
ours20() {
	local d="$W/t20-ours-$1" s
	new_swtpm "$d" --tpm2
	"$bin" --device "swtpm:tcp:127.0.0.1:$P" --tpm20 send getcap properties-fixed >"$d/out" 2>&1 # warm-up
	s=$(timed "$d/out" "$bin" --device "swtpm:tcp:127.0.0.1:$P" own --yes --owner-password-file "$W/owner.pw") || exit 1
	stop_pid "$SWTPM_PID"
	rm -rf "$d"
	ours=$(echo "$ours + $s" | bc -l)
}
peer20() {
	local d="$W/t20-peer-$1" s
	new_swtpm "$d" --tpm2
	TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$P" tpm2_getcap properties-fixed >"$d/out" 2>&1 # warm-up
	s=$(TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$P" timed "$d/out" peer_own20 "$d") || exit 1
	stop_pid "$SWTPM_PID"
	rm -rf "$d"
	peer=$(echo "$peer + $s" | bc -l)
}

# --- TPM 1.2 ---
ours=0 peer=0
if have_tcsd; then
	for ((i = 0; i < N; i++)); do ours12 $i; peer12 $i; done
	ratio "TPM 1.2" "$ours" "tpm_takeownership -yz" "$peer"
else
	for ((i = 0; i < N; i++)); do ours12 $i; done
	printf 'TPM 1.2  tpmdiag %.2f s; tpm_takeownership not run (needs tcsd, tpm-tools and the tss group: make deps)\n' "$ours"
fi

# --- TPM 2.0 ---
ours=0 peer=0
if command -v tpm2_changeauth >/dev/null; then
	for ((i = 0; i < N; i++)); do ours20 $i; peer20 $i; done
	ratio "TPM 2.0" "$ours" "tpm2-tools (3 cmds)" "$peer"
else
	for ((i = 0; i < N; i++)); do ours20 $i; done
	printf 'TPM 2.0  tpmdiag %.2f s; tpm2-tools not run (make deps)\n' "$ours"
fi
