/* SPDX-License-Identifier: Apache-2.0 */
/* run.h - `loadgate run`: wire every subsystem for one test run. */
#ifndef LG_RUN_H
#define LG_RUN_H

/* `loadgate run [flags] script.js`; argv[0] is "run". Returns the exit code. */
int lg_run_main(int argc, char **argv);
/* `loadgate inspect [--execution-requirements] script.js`: the consolidated
 * options as JSON (what k6-operator-style tooling reads). */
int lg_inspect_main(int argc, char **argv);
/* The flag reference printed by `loadgate help run`. */
const char *lg_run_usage(void);

#endif
