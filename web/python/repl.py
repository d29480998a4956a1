# The terminal page's `python`: CPython's own interactive console on the
# page's stdin. Ctrl+C raises KeyboardInterrupt (in a busy loop or at the
# prompt) and the console goes on; Ctrl+D ends it.
import code
import sys

banner = f"Python {sys.version.split()[0]} on Pyodide, a wasig process: Ctrl+C interrupts, Ctrl+Z stops, Ctrl+D ends"
code.interact(banner=banner, exitmsg="")
