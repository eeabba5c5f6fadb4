/* SPDX-License-Identifier: Apache-2.0 */
/* run.c - `loadgate run` (being built; see issue 3). */
#include <stdio.h>

#include "lg/base.h"
#include "lg/run.h"

const char *lg_run_usage(void)
{
	return "Usage: loadgate run [flags] script.js\n";
}

int lg_run_main(int argc, char **argv)
{
	LG_UNUSED(argc);
	LG_UNUSED(argv);
	fprintf(stderr, "loadgate: run: not implemented yet\n");
	return lg_err_exit_code(LG_EINTERNAL);
}
