"""Notes what one thread prints, line by line, while passing every write on unchanged.

The virtual loop installs it as ``sys.stdout`` while it runs, so ``print`` in a program shows up in the tick table
under the tick that printed it, as ``EventLoop.Print`` does in C#. Writes from other threads (the notebook's own
loop, worker threads) pass through without being noted.
"""
from __future__ import annotations

import threading
from typing import Callable, TextIO


class PrintCapture:
    """A stand-in for ``sys.stdout``: forwards to ``target``, and hands complete lines of ``thread`` to ``on_line``."""

    def __init__(self, target: TextIO, thread: threading.Thread, on_line: Callable[[str], None]):
        self._target = target
        self._thread = thread
        self._on_line = on_line
        self._pending = ""

    def write(self, text: str) -> int:
        written = self._target.write(text)
        if threading.current_thread() is self._thread:
            self._pending += text
            *lines, self._pending = self._pending.split("\n")
            for line in lines:
                self._on_line(line)
        return written if isinstance(written, int) else len(text)

    def flush(self) -> None:
        self._target.flush()

    def finish(self) -> None:
        """Notes a last line that was printed without a newline."""
        if self._pending:
            self._on_line(self._pending)
            self._pending = ""

    def __getattr__(self, name: str):
        # encoding, isatty, fileno...: whatever the real stream has.
        return getattr(self._target, name)
