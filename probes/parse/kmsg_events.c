// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel-log parser's event assembler (kmsg_parse.h): lines into
 * records, stack traces grouped with the record they belong to, lines a
 * mail client wrapped joined again, the input's format guessed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/parse/kmsg_parse.h"
#include "probes/parse/kmsg_parse_priv.h"

/* ---- the event assembler -------------------------------------------------- */

enum trace_state {
	TS_NONE,
	TS_ACTIVE,
	TS_AWAIT, /* after "[ cut here ]": the next line is the WARN's message */
};

#define JOIN_WIDTH 72  /* the narrowest common wrapping width ... */
#define JOIN_MAX   100 /* ... and the widest a wrapped line can be (quotes included) */

struct kmsg_parser {
	kmsg_emit_fn emit;
	void *arg;
	bool tpm_only;
	struct kmsg_stats st;
	struct kmsg_matcher m;
	struct kmsg_trace_index tix;

	/* line splitting */
	size_t line_len;
	bool skipping; /* the rest of a line longer than KMSG_LINE_MAX */

	/* the pending event */
	bool have;
	uint64_t seq;
	bool has_seq;
	double ts;
	int prio;
	unsigned first_line;
	size_t wall_len, text_len, trace_len;
	unsigned trace_n, trace_drop;
	enum trace_state tstate;

	/* the line before */
	size_t prev_len;
	unsigned prev_quote;
	bool prev_joinable, prev_kmsg;

	char wall[KMSG_WALL_MAX];
	char prefix[KMSG_PREFIX_MAX];
	char line[KMSG_LINE_MAX];
	char text[KMSG_TEXT_MAX];
	char trace[KMSG_TRACE_MAX];
};

int kmsg_parser_new(kmsg_emit_fn emit, void *arg, bool tpm_only, struct kmsg_parser **out)
{
	struct kmsg_parser *p = malloc(sizeof(*p));

	*out = NULL;
	if (!p)
		return -ENOMEM;
	memset(p, 0, offsetof(struct kmsg_parser, wall));
	p->emit = emit;
	p->arg = arg;
	p->tpm_only = tpm_only;
	kmsg_matcher_init(&p->m);
	kmsg_trace_index_init(&p->tix);
	*out = p;
	return 0;
}

void kmsg_parser_free(struct kmsg_parser *p)
{
	free(p);
}

const struct kmsg_stats *kmsg_parser_stats(const struct kmsg_parser *p)
{
	return &p->st;
}

const char *kmsg_parser_format(const struct kmsg_parser *p)
{
	const struct kmsg_stats *st = &p->st;
	uint64_t stamped = 0, nonempty, top = 0, second = 0;
	enum kmsg_fmt f, best = KMSG_FMT_NONE;

	for (f = KMSG_FMT_KMSG; f <= KMSG_FMT_JOURNAL; f++) {
		stamped += st->fmt[f];
		if (st->fmt[f] > top) {
			second = top;
			top = st->fmt[f];
			best = f;
		} else if (st->fmt[f] > second) {
			second = st->fmt[f];
		}
	}
	nonempty = stamped + st->fmt[KMSG_FMT_BARE];
	if (!nonempty)
		return st->binary_lines ? "binary" : "empty";
	if (st->quoted_lines * 2 > nonempty || st->fmt[KMSG_FMT_BARE] * 2 > nonempty)
		return "pasted";
	if (second && second * 10 >= top)
		return "mixed";
	return kmsg_fmt_name(best);
}

static int flush(struct kmsg_parser *p)
{
	struct kmsg_event ev;
	size_t pl;
	bool tpm;
	int r = 0;

	if (!p->have)
		return 0;
	p->have = false;
	p->tstate = TS_NONE;
	p->st.events++;
	tpm = kmsg_matcher_run(&p->m, p->text, p->text_len) ||
	      (p->trace_len && kmsg_matcher_run(&p->m, p->trace, p->trace_len));
	if (tpm)
		p->st.tpm_events++;
	if (!tpm && p->tpm_only)
		return 0;
	if (p->trace_drop) {
		int w = snprintf(p->trace + p->trace_len, sizeof(p->trace) - p->trace_len,
				 "[... %u more trace lines not kept]\n", p->trace_drop);

		if (w > 0 && (size_t)w < sizeof(p->trace) - p->trace_len)
			p->trace_len += (size_t)w;
	}
	if (p->trace_len && p->trace[p->trace_len - 1] == '\n')
		p->trace_len--;
	p->text[p->text_len] = '\0';
	p->trace[p->trace_len] = '\0';
	p->wall[p->wall_len] = '\0';
	kmsg_sanitize(p->text, p->text_len, false);
	kmsg_sanitize(p->trace, p->trace_len, true);
	kmsg_sanitize(p->wall, p->wall_len, false);
	pl = kmsg_prefix_len(p->text, p->text_len);
	if (pl >= sizeof(p->prefix))
		pl = 0;
	memcpy(p->prefix, p->text, pl);
	p->prefix[pl] = '\0';

	memset(&ev, 0, sizeof(ev));
	ev.seq = p->has_seq ? p->seq : p->first_line;
	ev.ts = p->ts;
	ev.prio = p->prio;
	ev.line = p->first_line;
	ev.wall = p->wall_len ? p->wall : NULL;
	ev.prefix = pl ? p->prefix : NULL;
	ev.text = p->text;
	ev.trace = p->trace_len ? p->trace : NULL;
	ev.trace_lines = p->trace_n;
	ev.tpm = tpm;
	if (p->emit)
		r = p->emit(p->arg, &ev);
	return r;
}

/* Room for the terminating NUL (and for the "... more trace lines" note) is kept. */
static void set_text(struct kmsg_parser *p, const char *s, size_t n)
{
	if (n > sizeof(p->text) - 1)
		n = sizeof(p->text) - 1;
	memcpy(p->text, s, n);
	p->text_len = n;
}

static void add_trace(struct kmsg_parser *p, const char *s, size_t n)
{
	if (p->trace_len + n + 1 > sizeof(p->trace) - 64) {
		p->trace_drop++;
		p->st.trace_dropped++;
		return;
	}
	memcpy(p->trace + p->trace_len, s, n);
	p->trace_len += n;
	p->trace[p->trace_len++] = '\n';
	p->trace_n++;
	p->st.trace_lines++;
}

static int start(struct kmsg_parser *p, const struct kmsg_line *l, const char *s, size_t n)
{
	int r = flush(p);

	if (r)
		return r;
	p->have = true;
	p->seq = l->seq;
	p->has_seq = l->has_seq;
	p->ts = l->ts;
	p->prio = l->prio;
	p->first_line = (unsigned)p->st.lines;
	p->wall_len = l->wall_len < sizeof(p->wall) ? l->wall_len : sizeof(p->wall) - 1;
	if (p->wall_len)
		memcpy(p->wall, l->wall, p->wall_len);
	p->trace_len = 0;
	p->trace_n = 0;
	p->trace_drop = 0;
	p->tstate = TS_NONE;
	set_text(p, s, n);
	return 0;
}

/*
 * A first word that begins a console line of its own, never the rest of a
 * wrapped one: a stamp or level tag ("[   12.345678,5]", "[ERROR]", "[INFO ]") or a
 * source position ("src/drivers/tpm/tis.c:521"), as firmware consoles
 * (coreboot, skiboot, EDK2) print them.
 */
static bool starts_record(const char *w, size_t n)
{
	size_t i;

	if (n && w[0] == '[' && (n == 1 || (w[1] >= '0' && w[1] <= '9'))) /* "[   12.3", "[12.3" */
		return true; /* a stamp; "[Firmware Bug]:" may be wrapped onto a line */
	for (i = 1; n > 2 && w[0] == '[' && i < n && is_upper(w[i]); i++)
		;
	if (n > 2 && w[0] == '[' && i > 2 && (i == n || w[i] == ']'))
		return true; /* a level tag: "[ERROR]", "[INFO]" */
	for (i = 0; i + 3 < n; i++)
		if (w[i] == '.' && (w[i + 1] == 'c' || w[i + 1] == 'h') && w[i + 2] == ':' &&
		    w[i + 3] >= '0' && w[i + 3] <= '9')
			return true;
	return false;
}

/*
 * A bare line continues the record before it when a mail client wrapped
 * it there: the line before was short enough to be a wrapped line, and
 * this line's first word would not have fit on it within JOIN_WIDTH
 * columns; and this line does not itself look like a record
 * ("driver dev: ", "subsys: " — but "Control: " in the middle of a
 * wrapped sentence is not a subsystem).
 */
static bool joinable(const struct kmsg_parser *p, const struct kmsg_line *l)
{
	size_t i = 0, w, pl;

	if (!p->have || !p->prev_joinable || l->fmt != KMSG_FMT_BARE || l->quote != p->prev_quote ||
	    p->tstate != TS_NONE || p->prev_len > JOIN_MAX)
		return false;
	while (i < l->msg_len && (l->msg[i] == ' ' || l->msg[i] == '\t'))
		i++;
	for (w = i; w < l->msg_len && l->msg[w] != ' '; w++)
		;
	if (p->prev_len + 1 + (w - i) <= JOIN_WIDTH)
		return false;
	if (starts_record(l->msg + i, w - i))
		return false;
	pl = kmsg_prefix_len(l->msg + i, l->msg_len - i);
	if (!pl)
		return true;
	if (memchr(l->msg + i, ' ', pl))
		return false;						  /* "driver device: " */
	return is_upper(l->msg[i]) && pl > 1 && !is_upper(l->msg[i + 1]); /* "Control: " */
}

static int on_line(struct kmsg_parser *p, const char *s, size_t n)
{
	struct kmsg_line l;
	enum trace_class tc;
	const char *m;
	size_t mn, phys = n;
	bool was_kmsg = p->prev_kmsg;
	int r = 0;

	p->st.lines++;
	while (phys && (s[phys - 1] == '\r' || s[phys - 1] == ' ' || s[phys - 1] == '\t'))
		phys--;
	kmsg_parse_line(s, n, &l);
	p->prev_kmsg = false;
	if (l.dict) {
		if (was_kmsg) {
			p->prev_kmsg = true;
			return 0; /* SUBSYSTEM=, DEVICE= of the record before */
		}
		l.dict = false;
		l.fmt = KMSG_FMT_BARE;
	}
	if (l.quote)
		p->st.quoted_lines++;
	if (l.binary) {
		p->st.binary_lines++;
		p->prev_joinable = false;
		return 0;
	}
	if (l.fmt == KMSG_FMT_NONE) {
		p->prev_joinable = false;
		return 0;
	}
	p->st.fmt[l.fmt]++;
	if (!l.kernel) {
		p->prev_joinable = false;
		p->tstate = TS_NONE;
		return 0;
	}
	m = l.msg;
	mn = l.msg_len;
	tc = kmsg_trace_classify(&p->tix, m, mn);
	if ((tc == TC_CONT || tc == TC_END) && (!p->have || p->tstate == TS_NONE))
		tc = TC_NONE; /* a frame-like line outside a trace is an ordinary line */
	if (tc == TC_ATTACH && !p->have)
		tc = TC_NEW;

	switch (tc) {
	case TC_NEW:
		r = start(p, &l, m, mn);
		p->tstate = memcmp(m, "----", 4) ? TS_ACTIVE : TS_AWAIT;
		break;
	case TC_ATTACH:
	case TC_CONT:
	case TC_END:
		if (p->tstate == TS_AWAIT) { /* a WARN without a message: its first line names it */
			add_trace(p, p->text, p->text_len);
			set_text(p, m, mn);
		} else {
			add_trace(p, m, mn);
		}
		p->tstate = tc == TC_END ? TS_NONE : TS_ACTIVE;
		break;
	case TC_NONE:
		if (p->have && p->tstate == TS_AWAIT) { /* the WARN's message */
			add_trace(p, p->text, p->text_len);
			set_text(p, m, mn);
			p->tstate = TS_ACTIVE;
			break;
		}
		if (joinable(p, &l) && p->text_len + 1 + mn < sizeof(p->text)) {
			while (mn && (*m == ' ' || *m == '\t')) {
				m++;
				mn--;
			}
			p->text[p->text_len++] = ' ';
			memcpy(p->text + p->text_len, m, mn);
			p->text_len += mn;
			p->st.joined_lines++;
			break;
		}
		r = start(p, &l, m, mn);
		break;
	}
	p->prev_len = phys;
	p->prev_quote = l.quote;
	p->prev_joinable = tc == TC_NONE;
	p->prev_kmsg = l.fmt == KMSG_FMT_KMSG;
	return r;
}

static int on_line_trunc(struct kmsg_parser *p, const char *s, size_t n, bool truncated)
{
	if (truncated)
		p->st.truncated_lines++;
	return on_line(p, s, n);
}

int kmsg_parser_feed(struct kmsg_parser *p, const char *buf, size_t len)
{
	const char *nl;
	size_t take, room;
	int r;

	while (len) {
		nl = memchr(buf, '\n', len);
		if (p->skipping) {
			if (!nl)
				return 0;
			p->skipping = false;
		} else if (p->line_len) {
			take = nl ? (size_t)(nl - buf) : len;
			room = sizeof(p->line) - p->line_len;
			memcpy(p->line + p->line_len, buf, take < room ? take : room);
			p->line_len += take < room ? take : room;
			if (take > room || nl) {
				r = on_line_trunc(p, p->line, p->line_len, take > room);
				p->line_len = 0;
				if (r)
					return r;
				if (!nl) {
					p->skipping = true;
					return 0;
				}
			} else {
				return 0;
			}
		} else if (!nl) {
			if (len > sizeof(p->line)) {
				p->skipping = true;
				return on_line_trunc(p, buf, sizeof(p->line), true);
			}
			memcpy(p->line, buf, len);
			p->line_len = len;
			return 0;
		} else {
			take = (size_t)(nl - buf);
			r = on_line_trunc(p, buf, take > sizeof(p->line) ? sizeof(p->line) : take,
					  take > sizeof(p->line));
			if (r)
				return r;
		}
		len -= (size_t)(nl - buf) + 1;
		buf = nl + 1;
	}
	return 0;
}

int kmsg_parser_finish(struct kmsg_parser *p)
{
	int r = 0;

	if (p->line_len)
		r = on_line_trunc(p, p->line, p->line_len, false);
	p->line_len = 0;
	p->skipping = false;
	if (!r)
		r = flush(p);
	return r;
}
