/* wasig extras for guest programs. */
#ifndef WASIG_H
#define WASIG_H
#ifdef __cplusplus
extern "C" {
#endif

/* An explicit safe point: handlers of signals that arrived while the program
 * computed run here. Call it from long loops; it costs one atomic load when
 * nothing is pending. (Every libc signal call, every blocking call and
 * sched_yield() are safe points too.) */
void wasig_poll(void);

#ifdef __cplusplus
}
#endif
#endif
