// SPDX-License-Identifier: GPL-2.0
/* libFuzzer harness of podold_cluster_parse(): fuzz.h says what it checks. */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return podold_fuzz_init();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return podold_fuzz_one(&podold_cluster_kind, data, size);
}
