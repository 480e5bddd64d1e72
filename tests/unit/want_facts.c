// SPDX-License-Identifier: GPL-2.0-or-later
#include <criterion/criterion.h>

#include "tests/unit/want_facts.h"

const struct fact *want_fact(const struct facts *fs, const char *key, enum fact_type t)
{
	const struct fact *f = facts_get(fs, key);

	cr_assert_not_null(f, "no fact %s", key);
	cr_assert_eq(f->type, t, "%s: type %s, expected %s", key, fact_type_name(f->type),
		     fact_type_name(t));
	return f;
}

void want_str(const struct facts *fs, const char *key, const char *v)
{
	cr_assert_str_eq(want_fact(fs, key, FACT_STRING)->str, v, "%s", key);
}

void want_int(const struct facts *fs, const char *key, int64_t v)
{
	const struct fact *f = want_fact(fs, key, FACT_INT);

	cr_assert_eq(f->num, v, "%s = %lld", key, (long long)f->num);
}

void want_bool(const struct facts *fs, const char *key, bool v)
{
	cr_assert_eq(want_fact(fs, key, FACT_BOOL)->flag, v, "%s", key);
}

void want_unreadable(const struct facts *fs, const char *key, enum fact_reason why,
		     const char *text)
{
	const struct fact *f = want_fact(fs, key, FACT_UNREADABLE);

	cr_assert_eq(f->why, why, "%s: reason %s", key, fact_reason_name(f->why));
	if (text)
		cr_assert_str_eq(f->why_text, text);
}

void want_file_src(const struct facts *fs, const char *key, const char *path)
{
	const struct fact *f = facts_get(fs, key);

	cr_assert_not_null(f, "no fact %s", key);
	cr_assert_eq(f->src.kind, FACT_SRC_FILE);
	cr_assert_str_eq(f->src.path, path);
}
