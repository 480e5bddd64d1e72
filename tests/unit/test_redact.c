// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The redactor: identifiers become stable placeholders, by what the facts
 * name and by form; what only looks like one (pnp and PCI ids, memory
 * ranges, hex dumps, "Serial: 8250" drivers) stays as it was.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "reports/redact.h"

static struct facts *fs;
static struct redactor *rd;

static void setup(void)
{
	struct fact_src src = {.kind = FACT_SRC_FILE, .path = "/proc/sys/kernel/hostname"};

	cr_assert_eq(facts_new(&fs), 0);
	cr_assert_eq(facts_set_str(fs, "kernel.hostname", "myhost.example.org", &src), 0);
	cr_assert_eq(facts_set_str(fs, "dmi.product_serial", "PF0ABCDE", NULL), 0);
	cr_assert_eq(redactor_new(fs, &rd), 0);
}

static void teardown(void)
{
	redactor_free(rd);
	facts_free(fs);
}

TestSuite(redact, .init = setup, .fini = teardown);

/* s redacted must read want. */
static void expect(const char *s, const char *want)
{
	char *got = redact_str(rd, s);

	cr_assert_not_null(got);
	cr_expect_str_eq(got, want, "redact(\"%s\")", s);
	free(got);
}

static void summary_is(const char *want)
{
	char buf[256];

	redactor_summary(rd, buf, sizeof(buf));
	cr_expect_str_eq(buf, want);
}

Test(redact, nothing_found_says_nothing)
{
	summary_is("nothing");
	expect("tpm tpm0: A TPM error (38) occurred", "tpm tpm0: A TPM error (38) occurred");
	summary_is("nothing");
}

Test(redact, hostname_and_its_short_name_share_one_placeholder)
{
	expect("myhost.example.org", "<hostname-1>");
	expect("Nov 26 15:03:45 myhost kernel: tpm tpm0: ...",
	       "Nov 26 15:03:45 <hostname-1> kernel: tpm tpm0: ...");
	expect("/home/u/myhost-bundle.json MYHOST", "/home/u/myhost-bundle.json <hostname-1>");
	expect("notmyhost myhostess", "notmyhost myhostess");
	summary_is("hostname (1)");
}

Test(redact, syslog_host_is_learned_without_a_fact)
{
	expect("Nov  6 01:02:03 otherbox tcsd[812]: TCSD TDDL ERROR",
	       "Nov  6 01:02:03 <hostname-1> tcsd[812]: TCSD TDDL ERROR");
	expect("later: otherbox again", "later: <hostname-1> again");
	expect("2024-11-26T15:03:45.123456+01:00 thirdbox kernel: x",
	       "2024-11-26T15:03:45.123456+01:00 <hostname-2> kernel: x");
}

Test(redact, mac_forms_and_stable_numbers)
{
	expect("smsc95xx.macaddr=DC:A6:32:12:34:56 x", "smsc95xx.macaddr=<mac-1> x");
	expect("eth0: 52-54-00-12-34-56, again dc-a6-32-12-34-56", "eth0: <mac-2>, again <mac-1>");
	expect("ether 52:54:00:12:34:56.", "ether <mac-2>.");
	summary_is("MAC address (2)");
}

Test(redact, not_macs)
{
	static const char *const keep[] = {
	    "tpm_tis 00:00: 1.2 TPM (device-id 0x1, rev-id 1)",
	    "pci 0000:00:1f.6: [8086:15bc] type 00 class 0x020000",
	    "tpm_crb MSFT0101:00: [Firmware Bug]: ACPI region does not cover the entire command/"
	    "response buffer. [mem 0xfed40000-0xfed4087f flags 0x200] vs fed40080 f80",
	    "00:11:22:33:44:55:66:77 is a hex dump, not a MAC",
	    "de-ad-be-ef-00-01-02-03",
	    "Nov 26 15:03:45",
	    "00:00:00:00:00:00 ff:ff:ff:ff:ff:ff",
	    "x00:11:22:33:44:55",
	    "Serial: 8250/16550 driver, 4 ports, IRQ sharing enabled",
	    "serial8250: ttyS0 at I/O 0x3f8 (irq = 4, base_baud = 115200) is a 16550A",
	};
	size_t i;

	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		expect(keep[i], keep[i]);
	summary_is("nothing");
}

Test(redact, uuid_forms)
{
	expect("root=UUID=5b3a1c0e-9d3f-4a59-8f0e-2f6c1d7e4a21 ro", "root=UUID=<uuid-1> ro");
	expect("luks-5B3A1C0E-9D3F-4A59-8F0E-2F6C1D7E4A21", "luks-<uuid-1>");
	expect("{8be4df61-93ca-11d2-aa0d-00e098032b8c}", "{<uuid-2>}");
	expect("5b3a1c0e-9d3f-4a59-8f0e-2f6c1d7e4a21ff", "5b3a1c0e-9d3f-4a59-8f0e-2f6c1d7e4a21ff");
	summary_is("UUID (2)");
}

Test(redact, labelled_serials_only)
{
	expect("Serial Number: 0A1B2C3D", "Serial Number: <serial-1>");
	expect("usb 1-1: SerialNumber: 0A1B2C3D", "usb 1-1: SerialNumber: <serial-1>");
	expect("dev serial=XYZ-99, next", "dev serial=<serial-2>, next");
	expect("board_serial: 12345", "board_serial: <serial-3>");
	expect("        Serial Number: 4096 (0x1000)\n", "        Serial Number: <serial-4>\n");
	expect("the serial numbering", "the serial numbering");
	/* the fact's serial, found anywhere */
	expect("label PF0ABCDE on the case", "label <serial-5> on the case");
	/* a labelled serial long enough is searched for later */
	expect("and 0A1B2C3D again", "and <serial-1> again");
	summary_is("serial number (5)");
}

Test(redact, sysfs_pubek_modulus)
{
	static const char pubek[] = "Algorithm: 00 00 00 01\nEncscheme: 00 03\nSigscheme: 00 01\n"
				    "Parameters: 00 00 08 00 00 00 00 02 00 00 00 00\n"
				    "Modulus length: 256\nModulus:\n"
				    "9F 19 12 45 67 89 AB CD EF 01 23 45 67 89 AB CD\n"
				    "01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10\n";
	char *got = redact_str(rd, pubek);

	cr_assert_not_null(got);
	cr_expect_not_null(strstr(got, "Modulus length: 256\nModulus:\n<ek-1>\n"), "%s", got);
	cr_expect_null(strstr(got, "9F 19"));
	cr_expect_not_null(strstr(got, "Parameters: 00 00 08 00"));
	free(got);
	expect("9f19124567 89abcdef0123456789abcd0102030405060708090a0b0c0d0e0f10",
	       "9f19124567 89abcdef0123456789abcd0102030405060708090a0b0c0d0e0f10");
	expect("9f1912456789abcdef0123456789abcd0102030405060708090a0b0c0d0e0f10", "<ek-1>");
	summary_is("EK public key (1)");
}

/* A TPM_ReadPubek answer: header, key parms (RSA, 12 bytes of parms), a 64-byte modulus. */
static const uint8_t readpubek_rsp[] = {
    0x00, 0xc4, 0x00, 0x00, 0x00, 0x5e, 0x00, 0x00, 0x00, 0x00,		    /* header */
    0x00, 0x00, 0x00, 0x01, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0c, /* parms */
    0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, /* rsa parms */
    0x00, 0x00, 0x00, 0x40,						    /* keyLength */
    0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd0,
    0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0,
    0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00,
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10};

Test(redact, ek_raw_bytes_dropped)
{
	static const uint8_t cmd[] = {0x00, 0xc1, 0x00, 0x00, 0x00, 0x1e, 0x00, 0x00, 0x00, 0x7c};
	static const uint8_t caps_cmd[] = {0x00, 0xc1, 0x00, 0x00, 0x00,
					   0x12, 0x00, 0x00, 0x00, 0x65};
	struct fact_src ek = {.kind = FACT_SRC_TPM,
			      .cmd_name = "TPM_ReadPubek",
			      .cmd = cmd,
			      .cmd_len = sizeof(cmd),
			      .rsp = readpubek_rsp,
			      .rsp_len = sizeof(readpubek_rsp),
			      .note = "endorsement key"};
	struct fact_src other = {.kind = FACT_SRC_TPM,
				 .cmd_name = "TPM_GetCapability",
				 .cmd = caps_cmd,
				 .cmd_len = sizeof(caps_cmd),
				 .rsp = caps_cmd,
				 .rsp_len = sizeof(caps_cmd)};
	struct facts *in, *out;
	struct redactor *r2;
	const struct fact *f;
	char *s;

	cr_assert_eq(facts_new(&in), 0);
	cr_assert_eq(facts_set_bool(in, "tpm0.chip.ek", true, &ek), 0);
	cr_assert_eq(facts_set_str(in, "tpm0.chip.version", "1.2.3.4", &other), 0);
	cr_assert_eq(facts_set_str(in, "kernel.hostname", "box1", NULL), 0);
	cr_assert_eq(redactor_new(in, &r2), 0);
	cr_assert_eq(redact_facts(r2, in, &out), 0);
	cr_assert_eq(facts_count(out), 3);
	f = facts_get(out, "tpm0.chip.ek");
	cr_assert_not_null(f);
	cr_expect(f->type == FACT_BOOL && f->flag);
	cr_expect_null(f->src.cmd);
	cr_expect_null(f->src.rsp);
	cr_expect_eq(f->src.rsp_len, 0);
	cr_expect_str_eq(f->src.note, "endorsement key (raw bytes redacted: EK public key)");
	cr_expect_str_eq(f->src.cmd_name, "TPM_ReadPubek");
	f = facts_get(out, "tpm0.chip.version");
	cr_expect_eq(f->src.rsp_len, sizeof(caps_cmd), "other answers keep their bytes");
	cr_expect_str_eq(facts_get(out, "kernel.hostname")->str, "<hostname-1>");
	/* the modulus, if it shows up as text, is the same EK */
	s = redact_str(r2, "ek c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0"
			   "112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f10 end");
	cr_expect_str_eq(s, "ek <ek-1> end");
	free(s);
	{
		char buf[128];

		redactor_summary(r2, buf, sizeof(buf));
		cr_expect_str_eq(buf, "hostname (1), EK public key (1)");
	}
	facts_free(out);
	redactor_free(r2);
	facts_free(in);
}

/*
 * A hostname glued to the EK modulus ("labhostC1C2..."): not alone at first,
 * alone once the modulus became a placeholder, so it goes too. fuzz_redact
 * found the leak.
 */
Test(redact, hostname_glued_to_a_modulus)
{
	static const uint8_t cmd[] = {0x00, 0xc1, 0x00, 0x00, 0x00, 0x1e, 0x00, 0x00, 0x00, 0x7c};
	struct fact_src ek = {.kind = FACT_SRC_TPM,
			      .cmd_name = "TPM_ReadPubek",
			      .cmd = cmd,
			      .cmd_len = sizeof(cmd),
			      .rsp = readpubek_rsp,
			      .rsp_len = sizeof(readpubek_rsp)};
	static const char modulus[] =
	    "C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDFE0"
	    "112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F10";
	struct facts *in;
	struct redactor *r2;
	char text[256], *s;

	cr_assert_eq(facts_new(&in), 0);
	cr_assert_eq(facts_set_bool(in, "tpm0.chip.ek", true, &ek), 0);
	cr_assert_eq(facts_set_str(in, "kernel.hostname", "labhost", NULL), 0);
	cr_assert_eq(redactor_new(in, &r2), 0);
	snprintf(text, sizeof(text), "labhost%s]]", modulus);
	s = redact_str(r2, text);
	cr_expect_str_eq(s, "<hostname-1><ek-1>]]");
	free(s);
	/* part of a longer word it stays: the second scan keeps the word boundaries */
	snprintf(text, sizeof(text), "mylabhost%s, labhosts", modulus);
	s = redact_str(r2, text);
	cr_expect_str_eq(s, "mylabhost<ek-1>, labhosts");
	free(s);
	redactor_free(r2);
	facts_free(in);
}

Test(redact, tpm2_ek_handle_and_cert_index)
{
	static const uint8_t rp_ek[] = {0x80, 0x01, 0,	  0,	0,    0x0e, 0,
					0,    0x01, 0x73, 0x81, 0x01, 0x00, 0x01};
	static const uint8_t rp_srk[] = {0x80, 0x01, 0,	   0,	 0,    0x0e, 0,
					 0,    0x01, 0x73, 0x81, 0x00, 0x00, 0x01};
	static const uint8_t nv_cert[] = {0x80, 0x02, 0,    0,	  0,	0x23, 0,    0,	  0x01,
					  0x4e, 0x01, 0xc0, 0x00, 0x02, 0x01, 0xc0, 0x00, 0x02};
	static const uint8_t rsp[] = {0x80, 0x01, 0, 0, 0, 0x0e, 0, 0, 0, 0, 1, 2, 3, 4};
	struct fact_src s1 = {.kind = FACT_SRC_TPM,
			      .cmd_name = "TPM2_ReadPublic",
			      .cmd = rp_ek,
			      .cmd_len = sizeof(rp_ek),
			      .rsp = rsp,
			      .rsp_len = sizeof(rsp)};
	struct fact_src s2 = s1, s3 = s1;
	struct facts *in, *out;
	struct redactor *r2;

	s2.cmd = rp_srk;
	s3.cmd_name = "TPM2_NV_Read";
	s3.cmd = nv_cert;
	s3.cmd_len = sizeof(nv_cert);
	cr_assert_eq(facts_new(&in), 0);
	cr_assert_eq(facts_set_bool(in, "tpm0.chip.ek", true, &s1), 0);
	cr_assert_eq(facts_set_bool(in, "tpm0.chip.srk", true, &s2), 0);
	cr_assert_eq(facts_set_bool(in, "tpm0.chip.ek_cert", true, &s3), 0);
	cr_assert_eq(redactor_new(in, &r2), 0);
	cr_assert_eq(redact_facts(r2, in, &out), 0);
	cr_expect_null(facts_get(out, "tpm0.chip.ek")->src.rsp);
	cr_expect_not_null(facts_get(out, "tpm0.chip.srk")->src.rsp);
	cr_expect_null(facts_get(out, "tpm0.chip.ek_cert")->src.rsp);
	cr_expect_str_eq(facts_get(out, "tpm0.chip.ek_cert")->src.note,
			 "(raw bytes redacted: EK certificate)");
	facts_free(out);
	redactor_free(r2);
	facts_free(in);
}

Test(redact, facts_copied_whole)
{
	static const char *const items[] = {"tpm_tis.interrupts=0", "ip=52:54:00:aa:bb:cc"};
	struct fact_src k = {.kind = FACT_SRC_KMSG,
			     .kmsg_seq = 7,
			     .kmsg_ts = 1.5,
			     .kmsg_text = "Nov 26 15:03:45 myhost kernel: hi"};
	struct facts *out;
	const struct fact *f;

	cr_assert_eq(facts_set_list(fs, "kernel.cmdline.tpm", items, 2, NULL), 0);
	cr_assert_eq(facts_set_unreadable(fs, "tpm0.x", FACT_PERMISSION,
					  "cannot read /home/myhost/x: denied", &k),
		     0);
	cr_assert_eq(facts_set_int(fs, "tpm.count", 1, NULL), 0);
	cr_assert_eq(redact_facts(rd, fs, &out), 0);
	cr_assert_eq(facts_count(out), facts_count(fs));
	for (size_t i = 0; i < facts_count(fs); i++)
		cr_expect_str_eq(facts_at(out, i)->key, facts_at(fs, i)->key);
	cr_expect_str_eq(facts_get(out, "kernel.hostname")->str, "<hostname-1>");
	cr_expect_str_eq(facts_get(out, "kernel.hostname")->src.path, "/proc/sys/kernel/hostname");
	cr_expect_str_eq(facts_get(out, "dmi.product_serial")->str, "<serial-1>");
	f = facts_get(out, "kernel.cmdline.tpm");
	cr_expect_str_eq(f->items[0], "tpm_tis.interrupts=0");
	cr_expect_str_eq(f->items[1], "ip=<mac-1>");
	f = facts_get(out, "tpm0.x");
	cr_expect_eq(f->why, FACT_PERMISSION);
	cr_expect_str_eq(f->why_text, "cannot read /home/<hostname-1>/x: denied");
	cr_expect_str_eq(f->src.kmsg_text, "Nov 26 15:03:45 <hostname-1> kernel: hi");
	cr_expect_eq(f->src.kmsg_seq, 7);
	cr_expect_eq(facts_get(out, "tpm.count")->num, 1);
	facts_free(out);
}

Test(redact, log_copied_one_for_one)
{
	struct kmsg_log *in, *out;
	struct kmsg_event e1 = {.seq = 1,
				.ts = 1.0,
				.prio = 3,
				.line = 1,
				.prefix = "tpm tpm0",
				.text = "tpm tpm0: A TPM error (38) occurred on myhost"};
	struct kmsg_event e2 = {.seq = 2,
				.ts = -1,
				.prio = -1,
				.line = 2,
				.wall = "Nov 26 15:03:45",
				.text = "e1000e 0000:00:1f.6 eth0: 52:54:00:12:34:56",
				.trace = "Call Trace:\n tpm_tis_send+0x1/0x2\n",
				.trace_lines = 2};

	cr_assert_eq(kmsg_log_new(&in), 0);
	cr_assert_eq(kmsg_log_add(in, &e1), 0);
	cr_assert_eq(kmsg_log_add(in, &e2), 0);
	cr_assert_eq(redact_log(rd, in, &out), 0);
	cr_assert_eq(out->n, 2);
	cr_expect_str_eq(out->r[0].text, "tpm tpm0: A TPM error (38) occurred on <hostname-1>");
	cr_expect(out->r[0].has_rc && out->r[0].rc == 38);
	cr_expect_str_eq(out->r[1].text, "e1000e 0000:00:1f.6 eth0: <mac-1>");
	cr_expect_str_eq(out->r[1].wall, "Nov 26 15:03:45");
	cr_expect_str_eq(out->r[1].trace, "Call Trace:\n tpm_tis_send+0x1/0x2\n");
	cr_expect_eq(out->r[1].trace_lines, 2);
	kmsg_log_free(out);
	kmsg_log_free(in);
}

Test(redact, trivial_hostnames_are_not_redacted)
{
	struct facts *f2;
	struct redactor *r2;
	char *s;

	cr_assert_eq(facts_new(&f2), 0);
	cr_assert_eq(facts_set_str(f2, "kernel.hostname", "localhost", NULL), 0);
	cr_assert_eq(redactor_new(f2, &r2), 0);
	s = redact_str(r2, "localhost kernel");
	cr_expect_str_eq(s, "localhost kernel");
	free(s);
	redactor_free(r2);
	facts_free(f2);
}
