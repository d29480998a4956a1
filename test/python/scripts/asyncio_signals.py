# asyncio's Unix event loop: add_signal_handler (set_wakeup_fd on its
# socketpair, a selector that waits) for signals sent to itself, one from a
# timer while the loop waits, and remove_signal_handler.
import asyncio
import os
import signal


async def main():
    loop = asyncio.get_running_loop()
    print(type(loop).__name__)
    got = []
    done = loop.create_future()

    def on(name):
        got.append(name)
        if len(got) == 3:
            done.set_result(None)

    loop.add_signal_handler(signal.SIGUSR1, on, "SIGUSR1")
    loop.add_signal_handler(signal.SIGUSR2, on, "SIGUSR2")
    loop.add_signal_handler(signal.SIGALRM, on, "SIGALRM")
    loop.call_later(0.05, os.kill, os.getpid(), signal.SIGUSR1)
    loop.call_later(0.1, signal.raise_signal, signal.SIGUSR2)
    loop.call_later(0.15, signal.setitimer, signal.ITIMER_REAL, 0.2)
    await asyncio.wait_for(done, 60)
    print("callbacks", got)
    print("removed", loop.remove_signal_handler(signal.SIGUSR1), signal.getsignal(signal.SIGUSR1))
    t = loop.time()
    await asyncio.sleep(0.3)
    print("slept", loop.time() - t >= 0.3)
    try:
        loop.add_signal_handler(signal.SIGKILL, on, "SIGKILL")
    except RuntimeError as e:
        print("SIGKILL", e)


asyncio.run(main())
print("SIGINT back to", signal.getsignal(signal.SIGINT) is signal.default_int_handler)
