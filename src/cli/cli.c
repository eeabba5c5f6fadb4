/* SPDX-License-Identifier: Apache-2.0 */
/* cli.c - subcommand dispatch: run, inspect, version, help. */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <libxml/xmlversion.h>

#include "duktape.h"
#include "lg/base.h"
#include "lg/cli.h"
#include "lg/run.h"
#include "lg_config.h"

static const char usage_text[] =
    "Usage: loadgate <command> [flags] [script.js]\n"
    "\n"
    "Commands:\n"
    "  run       run a k6 test script and end with a verdict (exit code)\n"
    "  inspect   print the script's consolidated options as JSON\n"
    "            (--execution-requirements adds totalDuration and maxVUs)\n"
    "  version   print the version of loadgate and its libraries\n"
    "  help      print this help, or `loadgate help run` for the run flags\n"
    "\n"
    "Run `loadgate help run` for the flags of `run`.\n";

static void print_version(FILE *out)
{
	const curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);

	fprintf(out, "loadgate %s (%s build)\n", LG_VERSION, LG_BUILD_TYPE);
	fprintf(out, "  libcurl %s (%s", cv->version, cv->ssl_version ? cv->ssl_version : "no TLS");
	if (cv->features & CURL_VERSION_HTTP2)
		fprintf(out, ", HTTP/2 nghttp2/%s",
		        cv->nghttp2_version ? cv->nghttp2_version : "?");
	fprintf(out, ")\n");
	fprintf(out, "  Duktape %ld.%ld.%ld\n", (long)(DUK_VERSION / 10000),
	        (long)(DUK_VERSION / 100 % 100), (long)(DUK_VERSION % 100));
	fprintf(out, "  libxml2 %s\n", LIBXML_DOTTED_VERSION);
}

int lg_cli_main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd) {
		fputs(usage_text, stderr);
		return lg_err_exit_code(LG_EUSAGE);
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		print_version(stdout);
		return 0;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		if (argc > 2 && strcmp(argv[2], "run") == 0)
			fputs(lg_run_usage(), stdout);
		else
			fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "run") == 0)
		return lg_run_main(argc - 1, argv + 1);
	if (strcmp(cmd, "inspect") == 0)
		return lg_inspect_main(argc - 1, argv + 1);
	fprintf(stderr, "loadgate: unknown command \"%s\"\n\n", cmd);
	fputs(usage_text, stderr);
	return lg_err_exit_code(LG_EUSAGE);
}
