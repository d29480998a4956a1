/* The alternate signal stack (altstack.c), shared by core-module guests'
 * library and components'. */
#ifndef WASIG_ALTSTACK_H
#define WASIG_ALTSTACK_H
#include <signal.h>
/* sigaltstack's settings; ss_size 0 means disabled. */
extern stack_t wasig__altstack;
/* Whether the C stack pointer is inside the alternate signal stack now. */
int wasig__on_altstack(void);
/* Calls fn(arg) as an SA_ONSTACK handler: on the alternate stack when one
 * is set and we are not on it already, else where we are. */
void wasig__call_onstack(void (*fn)(void *), void *arg);
#endif
