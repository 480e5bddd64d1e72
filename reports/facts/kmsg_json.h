/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TPMDIAG_KMSG_JSON_H
#define TPMDIAG_KMSG_JSON_H

#include <json-c/json.h>

#include "probes/kmsg.h"

/*
 * The kept kernel-log records as a JSON array of {"seq", "ts" (absent when
 * the line had none), "wall", "prio", "prefix", "text", "trace", "line"}.
 * An empty array for a NULL log.
 */
struct json_object *kmsg_json_array(const struct kmsg_log *log);

#endif
