#!/bin/bash
# bench/ekcert.sh: what the TPM 2.0 key checks of issue 15 cost, against the
# peer doing the same reads. A swtpm provisioned by swtpm_setup
# --create-ek-cert (EK at 0x81010001, certificates in NV 0x01c00002 and
# 0x01c00016, private swtpm_localca) on a free loopback port; then, in the
# same run:
#   ours  tpmdiag --device ... facts: every question of the
#         device probe, the EK and SRK ReadPublic, the three certificate
#         indices read and decoded, the ROCA test
#   peer  tpm2_readpublic -c 0x81010001, tpm2_readpublic -c 0x81000001,
#         tpm2_nvreadpublic, tpm2_nvread 0x1c00002 and 0x1c00016, and
#         openssl x509 -issuer -dates on each: the same keys and certificates
#         and nothing else
# Prints the seconds a run of each (the best of three rounds of five) and
# the ratio ours/peer. Uses a private temp dir only.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${TPMDIAG_BIN:-$top/tpmdiag}
for c in swtpm swtpm_setup tpm2_readpublic openssl python3 bc; do
	command -v $c >/dev/null || { echo "bench/ekcert.sh needs $c"; exit 1; }
done
[ -x "$bin" ] || { echo "build first: make"; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/tpmdiag-bench-XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$W"' EXIT INT TERM
mkdir "$W/st" "$W/ca"
printf 'statedir = %s/ca\nsigningkey = %s/ca/signkey.pem\nissuercert = %s/ca/issuercert.pem\ncertserial = %s/ca/certserial\n' \
	"$W" "$W" "$W" "$W" >"$W/localca.conf"
printf -- '--platform-manufacturer bench\n--platform-version 2.1\n--platform-model swtpm\n' >"$W/localca.options"
printf 'create_certs_tool = swtpm_localca\ncreate_certs_tool_config = %s/localca.conf\ncreate_certs_tool_options = %s/localca.options\n' \
	"$W" "$W" >"$W/setup.conf"
swtpm_setup --tpm2 --tpmstate "$W/st" --createek --create-ek-cert --config "$W/setup.conf" >"$W/setup.log" 2>&1 ||
	{ cat "$W/setup.log"; exit 1; }
port=$(python3 -c 'import socket
for _ in range(50):
    a = socket.socket(); a.bind(("127.0.0.1", 0)); p = a.getsockname()[1]
    b = socket.socket()
    try:
        b.bind(("127.0.0.1", p + 1)); print(p); break
    except OSError: pass
    finally: a.close(); b.close()')
swtpm socket --tpm2 --tpmstate dir="$W/st" --server type=tcp,port="$port",bindaddr=127.0.0.1 \
	--ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 --flags not-need-init,startup-clear &
pid=$!
export TPM2TOOLS_TCTI=swtpm:host=127.0.0.1,port=$port
for _ in $(seq 100); do tpm2_getcap properties-fixed >/dev/null 2>&1 && break; sleep 0.05; done

ours() { "$bin" --device "swtpm:tcp:127.0.0.1:$port" facts >"$W/ours.txt" 2>&1; }
peer() {
	tpm2_readpublic -c 0x81010001 >/dev/null 2>&1
	tpm2_readpublic -c 0x81000001 >/dev/null 2>&1
	for i in 0x1c00002 0x1c0000a 0x1c00016; do tpm2_nvreadpublic "$i" >/dev/null 2>&1; done
	for i in 0x1c00002 0x1c00016; do
		tpm2_nvread "$i" -o "$W/c.der" 2>/dev/null &&
			openssl x509 -inform der -in "$W/c.der" -noout -issuer -dates >/dev/null
	done
}
now() { date +%s.%N; }
best() {
	local n=$1 r i t0 t1 t b=; shift
	for ((r = 0; r < 3; r++)); do
		t0=$(now)
		for ((i = 0; i < n; i++)); do "$@"; done
		t1=$(now)
		t=$(echo "($t1 - $t0) / $n" | bc -l)
		[ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ] && b=$t
	done
	echo "$b"
}
o=$(best 5 ours)
p=$(best 5 peer)
grep -q '^tpm0.chip.ekcert.rsa.matches_ek  *true' "$W/ours.txt" || { echo "bench: tpmdiag did not read the certificate"; cat "$W/ours.txt"; exit 1; }
printf 'tpmdiag (whole device probe + EK, SRK, 3 certificate indices): %.3f s\n' "$o"
printf 'tpm2-tools + openssl (the key and certificate reads alone):    %.3f s\n' "$p"
printf 'ratio tpmdiag/peer: %.3f\n' "$(echo "$o / $p" | bc -l)"
