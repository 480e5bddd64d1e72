// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the firmware event-log parser, its event-data
 * decoders, device paths and the replay (probes/eventlog/). The input is
 * parsed as a whole log: on success every event and digest lies inside
 * the input, in order, and each description and the replay run; on
 * failure the reason is named and no events are kept. Then the input
 * after its first byte is decoded as the data of one event type (the
 * byte picks it) and as a device path, into a roomy and a tiny buffer,
 * so the decoders are reached without a valid log around them. A log that
 * parses is also read for Secure Boot (evlog_secureboot) and redacted (evlog_redact) in a copy,
 * which must differ only inside event data: every header and digest stays. The copy is exactly as
 * long as the input, so ASan catches any read past it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probes/eventlog/eventlog.h"
#include "probes/eventlog/eventlog_replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint32_t types[] =
    {
	0x00000001, 0x00000003, 0x00000004, 0x00000005, 0x00000006, 0x00000007,
	0x00000008, 0x0000000D, 0x80000001, 0x80000002, 0x80000003, 0x80000004,
	0x80000005, 0x80000006, 0x80000007, 0x80000008, 0x80000009, 0x8000000A,
	0x8000000C, 0x80000010, 0x800000E0, 0x8000000B, 0x8000000D, /* after the others: the seeds'
								       first bytes index this */
};

static void check_text(const char *s, size_t cap)
{
	if (strnlen(s, cap) >= cap)
		abort();
}

static void describe(const struct evlog_event *e)
{
	char big[1024], small[7];

	evlog_describe(e, big, sizeof(big));
	check_text(big, sizeof(big));
	evlog_describe(e, small, sizeof(small));
	check_text(small, sizeof(small));
}

static void inside(const uint8_t *buf, size_t size, const uint8_t *p, size_t n)
{
	if (p < buf || p > buf + size || n > (size_t)(buf + size - p))
		abort();
}

/* Secure Boot as PCR 7 saw it: within its bounds, every text ended. */
static void secure_boot(const struct evlog *log)
{
	struct evlog_secureboot sb;
	size_t i;

	evlog_secureboot(log, &sb);
	if (sb.n_auth > EVLOG_SB_AUTH_MAX || sb.secureboot < -2 || sb.secureboot > 1 ||
	    sb.pk < -2 || sb.kek < -2 || sb.db < -2 || sb.dbx < -2 ||
	    (sb.secureboot >= 0 && sb.secureboot_event >= log->n_events))
		abort();
	for (i = 0; i < sb.n_auth; i++)
		check_text(sb.auth[i], sizeof(sb.auth[i]));
}

/* A redacted copy differs from buf only inside the data of log's events. */
static void redacted(const uint8_t *buf, size_t size, const struct evlog *log)
{
	uint8_t *copy = malloc(size), *in_data = calloc(size, 1);
	size_t i, blanked;

	if (!copy || !in_data)
		abort();
	memcpy(copy, buf, size);
	if (evlog_redact(copy, size, &blanked))
		abort();
	for (i = 0; i < log->n_events; i++)
		if (log->events[i].data)
			memset(in_data + (log->events[i].data - buf), 1, log->events[i].data_len);
	for (i = 0; i < size; i++)
		if (copy[i] != buf[i] && !in_data[i])
			abort();
	if (!blanked && memcmp(copy, buf, size))
		abort();
	free(in_data);
	free(copy);
}

static void whole_log(const uint8_t *buf, size_t size)
{
	struct evlog_replay *r;
	struct evlog log;
	size_t i, b, last = 0;
	int rc = evlog_parse(buf, size, &log);

	if (rc) {
		if (log.events || log.n_events || !log.err || !evlog_err_str(log.err))
			abort();
		return;
	}
	if (!log.n_banks || log.n_banks > EVLOG_MAX_BANKS || !log.n_events ||
	    log.padding > size - log.events[log.n_events - 1].offset)
		abort();
	for (i = 0; i < log.n_events; i++) {
		const struct evlog_event *e = &log.events[i];

		if ((i && e->offset <= last) || e->pcr >= EVLOG_PCRS)
			abort();
		last = e->offset;
		inside(buf, size, e->data, e->data_len);
		for (b = 0; b < log.n_banks; b++)
			if (e->digests[b])
				inside(buf, size, e->digests[b], log.banks[b].size);
		describe(e);
	}
	r = malloc(sizeof(*r));
	if (!r)
		abort();
	if (evlog_replay(&log, r) || r->n_banks != log.n_banks)
		abort();
	free(r);
	secure_boot(&log);
	redacted(buf, size, &log);
	evlog_free(&log);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct evlog_event e = {0};
	char path[512], tiny[5];
	uint8_t *buf = malloc(size ? size : 1);

	if (!buf)
		abort();
	memcpy(buf, data, size);
	whole_log(buf, size);
	if (size) {
		e.type = types[buf[0] % (sizeof(types) / sizeof(types[0]))];
		e.data = buf + 1;
		e.data_len = (uint32_t)(size - 1);
		describe(&e);
		evlog_devpath_text(buf + 1, size - 1, path, sizeof(path));
		check_text(path, sizeof(path));
		evlog_devpath_text(buf + 1, size - 1, tiny, sizeof(tiny));
		check_text(tiny, sizeof(tiny));
	}
	free(buf);
	return 0;
}
