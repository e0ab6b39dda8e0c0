/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podold: messages to stderr, one line each. Under systemd (stderr is the
 * journal's stream: $JOURNAL_STREAM) with "<N>" priority prefixes as
 * sd-daemon(3) describes, so journald files them at their level and adds
 * the time; elsewhere as "podold: error: ...", like any command.
 */
#ifndef PODOLD_LOG_H
#define PODOLD_LOG_H

#include <stdbool.h>
#include <syslog.h>

void podold_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_err(...)	podold_log(LOG_ERR, __VA_ARGS__)
#define log_warn(...)	podold_log(LOG_WARNING, __VA_ARGS__)
#define log_info(...)	podold_log(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	podold_log(LOG_DEBUG, __VA_ARGS__)

/* Whether debug messages are printed (-v). */
extern bool podold_verbose;

/*
 * A rate limit: at most @burst messages per @interval_ms; the ones it
 * held back are counted and said with the next one let through.
 */
struct podold_ratelimit {
	unsigned int burst;
	long interval_ms;
	long long begin_ms;
	unsigned int printed;
	unsigned long missed;
};

/* Whether a message may go out now (and what was missed is said). */
bool podold_ratelimit(struct podold_ratelimit *rl);

/* CLOCK_MONOTONIC in milliseconds. */
long long podold_now_ms(void);

#endif /* PODOLD_LOG_H */
