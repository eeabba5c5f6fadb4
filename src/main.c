/* SPDX-License-Identifier: Apache-2.0 */
/* main.c - the loadgate executable: everything else lives in liblg. */
#include "lg/cli.h"

int main(int argc, char **argv)
{
	return lg_cli_main(argc, argv);
}
