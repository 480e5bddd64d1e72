// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The action table (diag/actions/actions.c) and its plans (diag/actions/action_run.c):
 * every row well formed, every action a rule names exists, the TPM 1.2
 * owner-authorised steps' bytes and plan text, the choice between
 * TPM_ForceClear and TPM_OwnerClear, and the TPM_DA_INFO parser.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/actions/actions.h"
#include "diag/engine/rules.h"

Test(actions, every_step_is_exactly_one_kind_of_command)
{
	const struct action *t;
	size_t i, j, n;

	t = action_table(&n);
	cr_assert_gt(n, 0);
	for (i = 0; i < n; i++) {
		cr_expect(t[i].name && t[i].summary && t[i].changes && t[i].risks, "row %zu", i);
		cr_expect(t[i].auth != ACTION_AUTH_OWNER12 || t[i].family == TPM_FAMILY_12,
			  "%s: owner auth is TPM 1.2", t[i].name);
		cr_expect(t[i].auth != ACTION_AUTH_LOCKOUT || t[i].family == TPM_FAMILY_20,
			  "%s: lockout auth is TPM 2.0", t[i].name);
		for (j = 0; j < t[i].n_steps; j++) {
			const struct action_step *s = &t[i].steps[j];
			int kinds = !!s->send + !!s->build + !!s->owner12;

			cr_expect_eq(kinds, 1, "%s step %zu", t[i].name, j + 1);
			cr_expect(s->does, "%s step %zu says what it changes", t[i].name, j + 1);
			cr_expect(!s->owner12 || t[i].auth == ACTION_AUTH_OWNER12,
				  "%s: an owner step in an action without the owner password",
				  t[i].name);
		}
	}
}

Test(actions, every_step_builds)
{
	const struct action *t;
	uint8_t cmd[TPM_MAX_MSG];
	char err[256];
	size_t i, j, n, len;

	t = action_table(&n);
	for (i = 0; i < n; i++)
		for (j = 0; j < t[i].n_steps; j++)
			cr_expect_eq(action_step_build(&t[i], &t[i].steps[j], NULL, cmd,
						       sizeof(cmd), &len, err, sizeof(err)),
				     0, "%s step %zu: %s", t[i].name, j + 1, err);
}

Test(actions, every_action_a_rule_names_exists)
{
	struct ruleset *rs = NULL;
	size_t i, j, named = 0;

	cr_assert_eq(ruleset_new(&rs), 0);
	cr_assert_eq(ruleset_load_builtin(rs), 0);
	for (i = 0; i < rs->n; i++)
		for (j = 0; j < rs->r[i].n_remedy; j++) {
			const char *a = rs->r[i].remedy[j].action;

			if (!a)
				continue;
			named++;
			cr_expect(action_known(a), "%s names the unknown action %s", rs->r[i].id,
				  a);
		}
	cr_expect_gt(named, 10);
	ruleset_free(rs);
}

Test(actions, tpm12_lockout_rule_actions_exist_for_tpm12)
{
	struct ruleset *rs = NULL;
	const struct rule *r;
	size_t j, n = 0;

	cr_assert_eq(ruleset_new(&rs), 0);
	cr_assert_eq(ruleset_load_builtin(rs), 0);
	r = ruleset_find(rs, "tpm12-da-lockout");
	cr_assert_not_null(r);
	for (j = 0; j < r->n_remedy; j++)
		if (r->remedy[j].action) {
			cr_expect_not_null(action_find(r->remedy[j].action, TPM_FAMILY_12), "%s",
					   r->remedy[j].action);
			n++;
		}
	cr_expect_eq(n, 3, "wait-for-lockout, da-reset, clear");
	ruleset_free(rs);
}

Test(actions, owner_step_bytes_count_the_authorisation)
{
	static const uint8_t reset[] = {0x00, 0xc2, 0, 0, 0, 0x37, 0, 0, 0, 0x40};
	static const uint8_t clear[] = {0x00, 0xc2, 0, 0, 0, 0x37, 0, 0, 0, 0x5b};
	const struct action *a = action_find("da-reset", TPM_FAMILY_12);
	const struct action *c = action_find_auth("clear", TPM_FAMILY_12, ACTION_AUTH_OWNER12);
	uint8_t cmd[64];
	char err[128];
	size_t len = 0;

	cr_assert_not_null(a);
	cr_assert_eq(a->auth, ACTION_AUTH_OWNER12);
	cr_assert_eq(
	    action_step_build(a, &a->steps[0], NULL, cmd, sizeof(cmd), &len, err, sizeof(err)), 0,
	    "%s", err);
	cr_assert_eq(len, sizeof(reset));
	cr_expect_arr_eq(cmd, reset, len, "header only; size 10 + 45 of authorisation");
	cr_assert_not_null(c);
	cr_assert_eq(
	    action_step_build(c, &c->steps[0], NULL, cmd, sizeof(cmd), &len, err, sizeof(err)), 0);
	cr_expect_arr_eq(cmd, clear, sizeof(clear));
	/* too small a buffer: refused, not overrun */
	cr_expect_neq(action_step_build(c, &c->steps[0], NULL, cmd, 6, &len, err, sizeof(err)), 0);
}

Test(actions, clear12_has_two_rows_forceclear_first)
{
	const struct action *def = action_find("clear", TPM_FAMILY_12);
	const struct action *own = action_find_auth("clear", TPM_FAMILY_12, ACTION_AUTH_OWNER12);

	cr_assert_not_null(def);
	cr_assert_not_null(own);
	cr_expect_eq(def->auth, ACTION_AUTH_NONE, "the default is TPM_ForceClear");
	cr_expect(def->destructive && own->destructive);
	cr_expect_eq(action_other(def), own);
	cr_expect_eq(action_other(own), def);
	cr_expect_null(action_other(action_find("da-reset", TPM_FAMILY_12)));
	cr_expect_null(action_find_auth("clear", TPM_FAMILY_20, ACTION_AUTH_OWNER12));
	cr_expect_eq(action_find_auth("clear", TPM_FAMILY_20, ACTION_AUTH_LOCKOUT),
		     action_find("clear", TPM_FAMILY_20));
}

static char *plan_text(const struct action *a)
{
	struct action_ctx x = {0};
	char *buf = NULL;
	size_t len = 0;

	x.out = open_memstream(&buf, &len);
	cr_assert_not_null(x.out);
	action_plan(a, &x);
	fclose(x.out);
	return buf;
}

Test(actions, owner_plan_shows_what_the_auth_fields_are)
{
	const struct action *own = action_find_auth("clear", TPM_FAMILY_12, ACTION_AUTH_OWNER12);
	char *p = plan_text(own);

	cr_expect(strstr(p, "    step 1      TPM_OwnerClear, authorised with the owner password\n"),
		  "%s", p);
	cr_expect(strstr(p, "    session     00 c1 00 00 00 0a 00 00 00 0a  (TPM_OIAP first"), "%s",
		  p);
	cr_expect(strstr(p, "    bytes       00 c2 00 00 00 37 00 00 00 5b\n"), "%s", p);
	cr_expect(strstr(p, "+ authHandle (4 bytes: the session from TPM_OIAP) + nonceOdd (20 "
			    "random bytes)"),
		  "%s", p);
	cr_expect(strstr(p, "+ continueAuthSession 00"), "%s", p);
	cr_expect(strstr(p, "SHA1(00 00 00 5b) || nonceEven || nonceOdd || 00; never printed"),
		  "%s", p);
	cr_expect(strstr(p, "    chosen      because an owner password was given; without one: "
			    "clear the TPM (physical presence, then TPM_ForceClear)"),
		  "%s", p);
	cr_expect(strstr(p, "    asks twice  --yes --really-clear"), "%s", p);
	free(p);
	p = plan_text(action_find("clear", TPM_FAMILY_12));
	cr_expect(strstr(p, "    chosen      because no owner password was given; with one "
			    "(--owner-password-file F, --owner-password-stdin or --well-known): "
			    "clear the TPM with the owner password (TPM_OwnerClear)"),
		  "%s", p);
	cr_expect(strstr(p, "    bytes       00 c1 00 00 00 0a 00 00 00 5d"), "ForceClear: %s", p);
	free(p);
}

/* TPM_DA_INFO as swtpm 1.2 answers it: defending, 6 of 5, a time-out, 1 s left. */
static const uint8_t da_full[] = {0x00, 0xc4, 0,    0,	  0, 0x23, 0, 0, 0, 0, 0,    0,
				  0,	0x15, 0x00, 0x37, 1, 0,	   6, 0, 5, 0, 0x39, 0,
				  0,	0,    1,    0,	  0, 0,	   1, 0, 0, 0, 0};

Test(actions, da_info_full)
{
	struct tpm12_da_info d;

	cr_assert_eq(tpm12_da_info_parse(da_full, sizeof(da_full), &d), 0);
	cr_expect_not(d.limited);
	cr_expect(d.active);
	cr_expect_eq(d.count, 6);
	cr_expect_eq(d.threshold, 5);
	cr_expect_eq(d.actions, TPM12_DA_ACTION_TIMEOUT);
	cr_expect_eq(d.depend, 1);
}

Test(actions, da_info_limited_and_vendor_data)
{
	/* TPM_DA_INFO_LIMITED: tag, state, action type, 2 bytes of vendor data */
	static const uint8_t lim[] = {0x00, 0xc4, 0, 0,	   0,	 0x1d, 0, 0,	0,    0,
				      0,    0,	  0, 0x0f, 0x00, 0x38, 0, 0x00, 0x39, 0,
				      0,    0,	  1, 0,	   0,	 0,    2, 0xaa, 0xbb};
	struct tpm12_da_info d;

	cr_assert_eq(tpm12_da_info_parse(lim, sizeof(lim), &d), 0);
	cr_expect(d.limited);
	cr_expect_not(d.active);
	cr_expect_eq(d.actions, 1);
}

Test(actions, da_info_malformed_is_refused)
{
	uint8_t b[sizeof(da_full) + 4];
	struct tpm12_da_info d;
	size_t i;

	/* every truncation (the header patched to match) */
	for (i = 10; i < sizeof(da_full); i++) {
		memcpy(b, da_full, i);
		b[5] = (uint8_t)i;
		cr_expect_neq(tpm12_da_info_parse(b, i, &d), 0, "cut at %zu", i);
	}
	/* a refusal */
	memcpy(b, da_full, 10);
	b[5] = 10;
	b[9] = 0x0a;
	cr_expect_neq(tpm12_da_info_parse(b, 10, &d), 0);
	/* wrong structure tag, bad state, wrong action tag */
	memcpy(b, da_full, sizeof(da_full));
	b[15] = 0x36;
	cr_expect_neq(tpm12_da_info_parse(b, sizeof(da_full), &d), 0);
	memcpy(b, da_full, sizeof(da_full));
	b[16] = 2;
	cr_expect_neq(tpm12_da_info_parse(b, sizeof(da_full), &d), 0);
	memcpy(b, da_full, sizeof(da_full));
	b[22] = 0x38;
	cr_expect_neq(tpm12_da_info_parse(b, sizeof(da_full), &d), 0);
	/* vendor data longer than the answer; a capability size that lies; trailing bytes */
	memcpy(b, da_full, sizeof(da_full));
	b[34] = 9;
	cr_expect_neq(tpm12_da_info_parse(b, sizeof(da_full), &d), 0);
	memcpy(b, da_full, sizeof(da_full));
	b[13] = 0x14;
	cr_expect_neq(tpm12_da_info_parse(b, sizeof(da_full), &d), 0);
	memcpy(b, da_full, sizeof(da_full));
	memset(b + sizeof(da_full), 0, 4);
	b[5] = sizeof(da_full) + 4;
	b[13] = 0x19;
	cr_expect_neq(tpm12_da_info_parse(b, sizeof(da_full) + 4, &d), 0);
}
