/* The export of a reactor component (`wasig cc --component
 * -mexec-model=reactor`, world wasig:signals/reactor): the host calls
 * `handle` when a signal the component catches is delivered while no other
 * export runs, with the action applied, and restores the mask itself when
 * it returns (docs/wit.md). Linked only into reactors: a command's world
 * exports no handler, and a command runs its handlers at its safe points.
 *
 * handle(signal: delivery): the record flattens to 13 values (the siginfo's
 * nine, the action's disposition, mask and flags, restore-mask), under the
 * canonical ABI's 16, so they come as parameters. */
#include "internal.h"

__attribute__((export_name("wasig:signals/handler@0.1.0#handle")))
void wasig_handle_export(int32_t signo, int32_t code, int32_t pid, int32_t uid, int32_t value, int32_t overrun,
                         int32_t error_number, int32_t status, int32_t band, int32_t disposition, int64_t mask,
                         int32_t flags, int64_t restore_mask) {
  wit_delivery d = {
    .info = { (uint8_t)signo, code, pid, (uint32_t)uid, value, overrun, error_number, status, band },
    .action = { (uint8_t)disposition, (uint64_t)mask, (uint8_t)flags },
    .restore_mask = (uint64_t)restore_mask,
  };
  wasig__call_handler(&d);
}
