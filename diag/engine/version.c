// SPDX-License-Identifier: GPL-2.0-or-later
/* Version numbers and ranges of the knowledge base (version.h). */
#include <errno.h>
#include <string.h>

#include "diag/engine/version.h"

/* The numbers at s[0..]: how many characters they took, or -errno. */
static int parse_at(const char *s, struct version *v)
{
	const char *p = s;
	uint64_t x;

	memset(v, 0, sizeof(*v));
	while (*p >= '0' && *p <= '9') {
		if (v->n == VERSION_PARTS)
			return -ERANGE;
		for (x = 0; *p >= '0' && *p <= '9'; p++) {
			x = x * 10 + (uint64_t)(*p - '0');
			if (x > UINT32_MAX)
				return -ERANGE;
		}
		v->part[v->n++] = (uint32_t)x;
		if (*p != '.' || p[1] < '0' || p[1] > '9')
			break;
		p++;
	}
	return v->n ? (int)(p - s) : -EINVAL;
}

int version_parse(const char *s, struct version *v)
{
	int n;

	memset(v, 0, sizeof(*v));
	while (*s && (*s < '0' || *s > '9'))
		s++;
	n = parse_at(s, v);
	return n < 0 ? n : 0;
}

int version_cmp(const struct version *v, const struct version *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		uint32_t x = i < v->n ? v->part[i] : 0;

		if (x != b->part[i])
			return x < b->part[i] ? -1 : 1;
	}
	return 0;
}

/* Exactly one version, nothing else, in s[0..len). */
static int exact(const char *s, size_t len, struct version *v)
{
	char buf[128];
	int n;

	if (!len || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	n = parse_at(buf, v);
	return n < 0 ? n : (size_t)n == len ? 0 : -EINVAL;
}

int version_range_parse(const char *s, struct version_range *r)
{
	const char *dots = strstr(s, "..");
	size_t len = strlen(s);
	int ret;

	memset(r, 0, sizeof(*r));
	if (!dots) {
		ret = exact(s, len, &r->lo);
		r->hi = r->lo;
		r->has_lo = r->has_hi = !ret;
		return ret;
	}
	if (dots > s) {
		ret = exact(s, (size_t)(dots - s), &r->lo);
		if (ret)
			return ret;
		r->has_lo = true;
	}
	if (dots[2]) {
		ret = exact(dots + 2, strlen(dots + 2), &r->hi);
		if (ret)
			return ret;
		r->has_hi = true;
	}
	if (!r->has_lo && !r->has_hi)
		return -EINVAL;
	return 0;
}

bool version_in_range(const struct version *v, const struct version_range *r)
{
	return (!r->has_lo || version_cmp(v, &r->lo) >= 0) &&
	       (!r->has_hi || version_cmp(v, &r->hi) <= 0);
}
