/* SPDX-License-Identifier: Apache-2.0 */
/* err.c - the error table and fatal exits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg/base.h"

static const struct {
	int exit_code;
	const char *msg;
} err_table[] = {
#define LG_X(name, code, msg) { code, msg },
	LG_ERR_MAP(LG_X)
#undef LG_X
};

int lg_err_exit_code(enum lg_errcode e)
{
	if ((unsigned)e >= LG_E__COUNT)
		return 255;
	return err_table[e].exit_code;
}

const char *lg_err_name(enum lg_errcode e)
{
	if ((unsigned)e >= LG_E__COUNT)
		return "unknown error";
	return err_table[e].msg;
}

int lg_errf(struct lg_err *err, enum lg_errcode code, const char *fmt, ...)
{
	va_list ap;

	if (err && err->code == LG_EOK) {
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -(int)code;
}

void lg_die_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "loadgate: fatal: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (%s:%d)\n", file, line);
	fflush(stderr);
	abort();
}
