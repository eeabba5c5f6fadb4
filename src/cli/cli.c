/* SPDX-License-Identifier: Apache-2.0 */
/* cli.c - subcommand dispatch: run, inspect, fetch, version, help. */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <libxml/xmlversion.h>

#include "duktape.h"
#include "lg/base.h"
#include "lg/cli.h"
#include "lg/js.h"
#include "lg/log.h"
#include "lg/run.h"
#include "lg_config.h"

static const char usage_text[] =
    "Usage: loadgate <command> [flags] [script.js]\n"
    "\n"
    "Commands:\n"
    "  run       run a k6 test script and end with a verdict (exit code)\n"
    "  inspect   print the script's consolidated options as JSON\n"
    "            (--execution-requirements adds totalDuration and maxVUs)\n"
    "  fetch     put the remote modules a script imports into the module cache\n"
    "            (for `run --offline`; docs/modules/remote.md)\n"
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

static const char fetch_usage[] =
    "Usage: loadgate fetch script.js\n"
    "\n"
    "Fetches every remote module the script imports (static imports and require()\n"
    "of string literals, through local and remote modules, recursively) into the\n"
    "module cache ($XDG_CACHE_HOME/loadgate/modules), so that `loadgate run\n"
    "--offline` works without network.  Built-in jslib.k6.io equivalents are not\n"
    "fetched.  Always uses the network (LOADGATE_OFFLINE is ignored); the timeout\n"
    "of one fetch is LOADGATE_MODULE_TIMEOUT (default 30s).  Exit 107 when a module\n"
    "cannot be fetched.\n";

/* loadgate fetch script.js */
static int fetch_main(int argc, char **argv)
{
	struct lg_module_opts mo;
	struct lg_err err = { 0 };
	const char *script = NULL;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(fetch_usage, stdout);
			return 0;
		}
		if ((argv[i][0] == '-' && argv[i][1] != '\0') || script) {
			fprintf(stderr, "loadgate fetch: %s \"%s\"\n\n%s",
			        script ? "unexpected argument" : "unknown flag", argv[i],
			        fetch_usage);
			return lg_err_exit_code(LG_EUSAGE);
		}
		script = argv[i];
	}
	if (!script) {
		fprintf(stderr, "loadgate fetch: missing the script\n\n%s", fetch_usage);
		return lg_err_exit_code(LG_EUSAGE);
	}
	lg_log_init(LG_LOG_INFO, false, 0);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = lg_module_opts_from_env(&mo, &err);
	mo.offline = false;
	if (rc == 0)
		rc = lg_modules_fetch(script, &mo, stdout, &err);
	if (rc < 0) {
		fprintf(stderr, "loadgate: %s\n", err.msg);
		curl_global_cleanup();
		return lg_err_exit_code(err.code);
	}
	curl_global_cleanup();
	return 0;
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
		else if (argc > 2 && strcmp(argv[2], "fetch") == 0)
			fputs(fetch_usage, stdout);
		else
			fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "run") == 0)
		return lg_run_main(argc - 1, argv + 1);
	if (strcmp(cmd, "inspect") == 0)
		return lg_inspect_main(argc - 1, argv + 1);
	if (strcmp(cmd, "fetch") == 0)
		return fetch_main(argc - 1, argv + 1);
	fprintf(stderr, "loadgate: unknown command \"%s\"\n\n", cmd);
	fputs(usage_text, stderr);
	return lg_err_exit_code(LG_EUSAGE);
}
