// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The TPM 2.0 keys the chip made, the EK, its certificate and the SRK,
 * read from a live swtpm that
 * swtpm_setup provisioned as a manufacturer does (EK persistent at
 * 0x81010001, certificate in NV 0x01c00002 signed by a private
 * swtpm_localca), and checked against what tpm2-tools and openssl say
 * of the same certificate.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tests/integration/kill_proxy.h"
#include "tests/integration/swtpm_proc.h"

static struct swtpm_proc proc = {.pid = -1};
static char out[131072], peer[16384];

TestSuite(ekcert, .timeout = 120);

static void start(bool ekcert)
{
	struct swtpm_opts o = {.tpm2 = true,
			       .tcp = true,
			       .createek = true,
			       .ekcert = ekcert,
			       .flags = "not-need-init,startup-clear"};

	cr_assert_eq(swtpm_proc_start(&o, &proc), 0, "swtpm with swtpm_setup --create-ek-cert");
}

static void stop(void)
{
	swtpm_proc_stop(&proc);
}

/* The value of key in `facts` text output ("key   value  [source]"), into v. */
static bool fact_value(const char *key, char *v, size_t len)
{
	char needle[128];
	const char *p, *end;

	snprintf(needle, sizeof(needle), "\n%s ", key);
	p = strstr(out, needle);
	if (!p)
		return false;
	p += strlen(needle);
	while (*p == ' ')
		p++;
	end = strstr(p, "  [");
	if (!end || (size_t)(end - p) >= len)
		return false;
	memcpy(v, p, (size_t)(end - p));
	v[end - p] = '\0';
	return true;
}

static void expect_fact(const char *key, const char *want)
{
	char v[512];

	cr_assert(fact_value(key, v, sizeof(v)), "no fact %s in:\n%s", key, out);
	cr_expect_str_eq(v, want, "%s is '%s', expected '%s'", key, v, want);
}

/* "issuer=CN = x" → "CN = x"; "notAfter=9999-12-31 23:59:59Z" → "9999-12-31T23:59:59Z". */
static void peer_line(const char *name, char *v, size_t len)
{
	char needle[32];
	const char *p, *end;
	char *sp;

	snprintf(needle, sizeof(needle), "%s=", name);
	p = strstr(peer, needle);
	cr_assert(p, "openssl printed no %s:\n%s", name, peer);
	p += strlen(needle);
	end = strchr(p, '\n');
	cr_assert(end && (size_t)(end - p) < len);
	memcpy(v, p, (size_t)(end - p));
	v[end - p] = '\0';
	sp = strchr(v, ' ');
	if (strcmp(name, "issuer") && sp)
		*sp = 'T';
}

Test(ekcert, the_certificate_as_openssl_reads_it, .fini = stop)
{
	char dir[300], v[512];
	int rc;

	start(true);
	rc = run_tpmdiag(out, sizeof(out), "--device %s facts", proc.spec);
	cr_assert_eq(rc, 0, "%s", out);
	expect_fact("tpm0.chip.ek_persistent", "true");
	expect_fact("tpm0.chip.ekcert.rsa", "true");
	expect_fact("tpm0.chip.ekcert.rsa.key_bits", "2048");
	expect_fact("tpm0.chip.ekcert.rsa.matches_ek", "true");
	expect_fact("tpm0.ek.roca", "clean");
	/* swtpm_setup also stores a P-384 EK certificate in the profile's high range */
	expect_fact("tpm0.chip.ekcert.ecc384", "true");
	expect_fact("tpm0.chip.ekcert.ecc384.key_bits", "384");
	cr_expect(fact_value("tpm0.chip.ekcert.ecc", v, sizeof(v)) && !strcmp(v, "false"));

	/* the peer: tpm2_nvread the same index, openssl x509 on it */
	cr_assert_eq(test_tmpdir(dir, sizeof(dir)), 0);
	rc = swtpm_tool(&proc, peer, sizeof(peer),
			"tpm2_nvread 0x1c00002 -o %s/ek.der >/dev/null && openssl x509 -inform der "
			"-in %s/ek.der -noout -issuer -startdate -enddate -dateopt iso_8601",
			dir, dir);
	cr_assert_eq(rc, 0, "%s", peer);
	peer_line("issuer", v, sizeof(v));
	expect_fact("tpm0.chip.ekcert.rsa.issuer", v);
	peer_line("notBefore", v, sizeof(v));
	expect_fact("tpm0.chip.ekcert.rsa.not_before", v);
	peer_line("notAfter", v, sizeof(v));
	expect_fact("tpm0.chip.ekcert.rsa.not_after", v);
	/* and the peer's own comparison of the certificate's key with the EK's */
	rc = swtpm_tool(&proc, peer, sizeof(peer),
			"tpm2_readpublic -c 0x81010001 -f pem -o %s/ek.pem >/dev/null && "
			"a=$(openssl x509 -inform der -in %s/ek.der -noout -modulus) && "
			"b=$(openssl rsa -pubin -in %s/ek.pem -noout -modulus) && "
			"[ \"$a\" = \"$b\" ] && echo same",
			dir, dir, dir);
	cr_expect_eq(rc, 0, "%s", peer);
	cr_expect(strstr(peer, "same"), "%s", peer);
	test_rmtree(dir);

	/* no finding about it: this chip is as a manufacturer leaves it */
	rc = run_tpmdiag(out, sizeof(out), "--device %s check", proc.spec);
	cr_expect(!strstr(out, "ek-cert-not-this-ek"), "%s", out);
}

/*
 * A new endorsement seed (TPM2_ChangeEPS, as some firmware "reset the TPM"
 * does) and the EK made again from the default template: the stored
 * certificate no longer certifies the chip's EK.
 */
Test(ekcert, a_new_endorsement_seed_orphans_the_certificate, .fini = stop)
{
	int rc;

	start(true);
	rc = swtpm_tool(&proc, peer, sizeof(peer),
			"tpm2_changeeps && tpm2_createek -c 0x81010001 -G rsa -u /dev/null");
	cr_assert_eq(rc, 0, "%s", peer);
	rc = run_tpmdiag(out, sizeof(out), "--device %s facts", proc.spec);
	expect_fact("tpm0.chip.ek_persistent", "true");
	expect_fact("tpm0.chip.ekcert.rsa", "true");
	expect_fact("tpm0.chip.ekcert.rsa.matches_ek", "false");
	rc = run_tpmdiag(out, sizeof(out), "--device %s check", proc.spec);
	cr_expect(strstr(out, "the RSA EK certificate in NV 0x01c00002 does not certify the EK at "
			      "0x81010001"),
		  "%s", out);
	cr_expect(strstr(out, "tpm2_createek -c 0x81010001 -G rsa"), "%s", out);
	cr_expect_eq(rc, 8, "a warning finding alone: exit status 8 (got %d)", rc);
}

/* No certificate stored (as on Intel PTT and AMD fTPM): said, and nothing judged. */
Test(ekcert, no_certificate_in_nv, .fini = stop)
{
	char v[512];
	int rc;

	start(false);
	rc = run_tpmdiag(out, sizeof(out), "--device %s facts", proc.spec);
	cr_assert_eq(rc, 0, "%s", out);
	expect_fact("tpm0.chip.ekcert.rsa", "false");
	expect_fact("tpm0.chip.ek_persistent", "true");
	expect_fact("tpm0.ek.roca", "clean");
	cr_expect(!fact_value("tpm0.chip.ekcert.rsa.matches_ek", v, sizeof(v)), "%s", out);
}

/* The SRK as tpm2-tools provisions it (0x81000001): read and judged as the EK is. */
Test(ekcert, a_persistent_srk_is_judged, .fini = stop)
{
	start(false);
	run_tpmdiag(out, sizeof(out), "--device %s facts", proc.spec);
	expect_fact("tpm0.chip.srk_persistent", "false");
	cr_assert_eq(swtpm_tool(&proc, peer, sizeof(peer),
				"tpm2_createprimary -C o -G rsa2048 -c %s/srk.ctx >/dev/null && "
				"tpm2_evictcontrol -C o -c %s/srk.ctx 0x81000001",
				proc.dir, proc.dir),
		     0, "%s", peer);
	run_tpmdiag(out, sizeof(out), "--device %s facts", proc.spec);
	expect_fact("tpm0.chip.srk_persistent", "true");
	expect_fact("tpm0.srk.bits", "2048");
	expect_fact("tpm0.srk.roca", "clean");
	expect_fact("tpm0.ek.roca", "clean");
}

/*
 * A chip that stalls in NV_Read (ST33 firmware 73.x is known for NV
 * timeouts): the run stays within --timeout, what came before is kept,
 * the stalled index says why, and nothing more is asked of the chip (the
 * other indices get no fact, not a timeout each).
 */
Test(ekcert, a_stall_in_nv_read_costs_one_timeout, .fini = stop)
{
	struct kill_proxy kp;
	struct timespec t0, t1;
	char v[512];
	double took;

	start(true);
	cr_assert_eq(kill_proxy_start_stall(&kp, proc.port, 0x14e), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	run_tpmdiag(out, sizeof(out), "--device swtpm:tcp:127.0.0.1:%u --timeout 2 facts", kp.port);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	kill_proxy_stop(&kp);
	took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_expect_lt(took, 3.5, "took %.1f s against --timeout 2", took);
	/* what came before the stall is kept; the stalled index says why */
	expect_fact("tpm0.chip.ek_persistent", "true");
	expect_fact("tpm0.ek.roca", "clean");
	cr_assert(fact_value("tpm0.chip.ekcert.rsa", v, sizeof(v)), "%s", out);
	cr_expect(!strncmp(v, "(failed) ", 9) && strstr(v, "did not answer within") &&
		      strstr(v, "--timeout of 2.0 s"),
		  "%s", v);
	/* and nothing more was asked of a chip that stalled: the other indices have no fact */
	cr_expect(!fact_value("tpm0.chip.ekcert.ecc", v, sizeof(v)), "ekcert.ecc: %s", v);
	cr_expect(!fact_value("tpm0.chip.ekcert.ecc384", v, sizeof(v)), "ekcert.ecc384: %s", v);
}
