/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The device probe's inner step, for tests and for callers that opened the
 * transport themselves (to record a transcript, say): ask one chip the
 * read-only questions of probes/commands/queries.h over t and record the
 * answers as tpmN.chip.* facts. Never sends a state-changing command.
 */
#ifndef TPMDIAG_DEVICE_H
#define TPMDIAG_DEVICE_H

#include "probes/probe.h"
#include "probes/transport/transport.h"

/* 0, or -ENOMEM. */
int device_ask_chip(struct probe_ctx *c, unsigned n, struct tpm_transport *t);

/* The chip number a --device SPEC names: N of ".../tpmN" or ".../tpmrmN", else 0. */
unsigned device_spec_index(const char *spec);

#endif
