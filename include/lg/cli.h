/* SPDX-License-Identifier: Apache-2.0 */
/* cli.h - the command line: subcommand dispatch and option parsing. */
#ifndef LG_CLI_H
#define LG_CLI_H

/*
 * Run loadgate with the process arguments; returns the process exit code
 * (k6's codes, see lg/base.h).  Owns stdout/stderr for the duration.
 */
int lg_cli_main(int argc, char **argv);

#endif
