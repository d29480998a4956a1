/* What the files of c-src/component share: the safe point of signal.c and
 * its waits. */
#ifndef WASIG_COMPONENT_INTERNAL_H
#define WASIG_COMPONENT_INTERNAL_H
#include <stdint.h>
#include "wit.h"

/* What wasig__run_pending() did: a handler ran, and one of them was
 * installed without SA_RESTART. */
#define RAN_HANDLER 1
#define RAN_NORESTART 2

/* Runs the handler of every signal the host has for the component. */
int wasig__run_pending(void);

/* Calls the component's handler of a signal taken from the host (the
 * action applied); restoring the mask after it is the caller's. */
void wasig__call_handler(const wit_delivery *d);
#endif
