/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TPMDIAG_FACTS_JSON_H
#define TPMDIAG_FACTS_JSON_H

#include <json-c/json.h>

#include "diag/facts/facts.h"

#define TPMDIAG_FACTS_SCHEMA "tpmdiag-facts/1"

/*
 * The facts as a JSON array: each {"key", "type", "value" | "reason" +
 * "why", "source": {"kind", ...}}; TPM sources carry "command", "request"
 * and "response" as hex strings. NULL on allocation failure.
 */
struct json_object *facts_json_array(const struct facts *fs);

#endif
