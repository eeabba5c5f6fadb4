/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rusage.c - run a command and write its own resource usage to a file.
 *
 *   rusage OUT.txt CMD [ARGS...]
 *
 * Writes "utime_us stime_us maxrss_kib status" for CMD (and descendants it
 * waited for) to OUT.txt and exits with CMD's exit code (128 + signal).
 *
 * Why not wait4() from ci/bench directly: a child forked from python3
 * carries python's resident set until exec, and Linux keeps that as the
 * floor of the child's ru_maxrss across exec.  Forked from this small
 * program, the command's ru_maxrss is its own.  ci/bench compiles this file
 * at run time (cc -O2).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t child_pid;

static void forward(int sig)
{
	if (child_pid > 0)
		kill(child_pid, sig);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = forward };
	struct rusage ru;
	int status, code;
	pid_t pid;
	FILE *out;

	if (argc < 3) {
		fprintf(stderr, "usage: rusage OUT.txt CMD [ARGS...]\n");
		return 2;
	}
	/* die with ci/bench, even if it is killed with SIGKILL */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	pid = fork();
	if (pid < 0) {
		perror("rusage: fork");
		return 125;
	}
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		execvp(argv[2], argv + 2);
		fprintf(stderr, "rusage: cannot run %s\n", argv[2]);
		_exit(127);
	}
	child_pid = pid;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("rusage: wait4");
			return 125;
		}
	}
	out = fopen(argv[1], "w");
	if (out == NULL) {
		perror("rusage: output file");
		return 125;
	}
	fprintf(out, "%lld %lld %ld %d\n",
	        (long long)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec,
	        (long long)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec, ru.ru_maxrss,
	        status);
	if (fclose(out) != 0) {
		perror("rusage: output file");
		return 125;
	}
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return code;
}
