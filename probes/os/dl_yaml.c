// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libyaml on first use (probes/os/dl.h): the document loader the rule
 * database is read with (diag/engine/rules.c), with yaml.h's prototypes.
 * Commands that read no rules (rc, send, facts) never load it. Without the
 * library yaml_parser_initialize() fails and the rules cannot be read.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <yaml.h>

#include "probes/os/dl.h"

#define YAML_SYMS(X)                                                                               \
	X(yaml_parser_initialize)                                                                  \
	X(yaml_parser_delete)                                                                      \
	X(yaml_parser_set_input_string)                                                            \
	X(yaml_parser_load)                                                                        \
	X(yaml_document_delete)                                                                    \
	X(yaml_document_get_node)                                                                  \
	X(yaml_document_get_root_node)

DL_DEFINE(yaml, DL_YAML, "libyaml-0.so.2", "libyaml-0-2", "the rule database (YAML)", YAML_SYMS)

int yaml_parser_initialize(yaml_parser_t *parser)
{
	if (!dl_yaml_ready()) {
		memset(parser, 0, sizeof(*parser));
		return 0;
	}
	return DL_FN(yaml, yaml_parser_initialize)(parser);
}

void yaml_parser_delete(yaml_parser_t *parser)
{
	DL_CALL_VOID(yaml, yaml_parser_delete, parser);
}

void yaml_parser_set_input_string(yaml_parser_t *parser, const unsigned char *input, size_t size)
{
	DL_CALL_VOID(yaml, yaml_parser_set_input_string, parser, input, size);
}

int yaml_parser_load(yaml_parser_t *parser, yaml_document_t *document)
{
	return DL_CALL(yaml, yaml_parser_load, 0, parser, document);
}

void yaml_document_delete(yaml_document_t *document)
{
	DL_CALL_VOID(yaml, yaml_document_delete, document);
}

yaml_node_t *yaml_document_get_node(yaml_document_t *document, int index)
{
	return DL_CALL(yaml, yaml_document_get_node, NULL, document, index);
}

yaml_node_t *yaml_document_get_root_node(yaml_document_t *document)
{
	return DL_CALL(yaml, yaml_document_get_root_node, NULL, document);
}
