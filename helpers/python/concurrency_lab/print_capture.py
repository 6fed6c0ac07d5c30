"""Notes what a loop's thread prints, line by line, while passing every write on unchanged.

While a ``VirtualTimeLoop`` runs, or a recording's loop, its thread is registered here, so ``print`` in a program
shows up under the tick that printed it, as ``EventLoop.Print`` does in C#. Writes from other threads (the notebook's
own loop, worker threads) pass through without being noted.
"""
from __future__ import annotations

import sys
import threading
from typing import Callable


class LineRouter:
    """``sys.stdout`` while any loop thread is registered: passes every write on unchanged and hands the complete
    lines a registered thread writes to that thread's ``on_line``. One router serves every loop running at once; the
    stream it replaced is put back when the last one unregisters (unless someone replaced the router meanwhile)."""

    _lock = threading.Lock()
    _installed: "LineRouter | None" = None

    def __init__(self, target):
        self._target = target
        self._threads: dict[int, list] = {}  # thread id -> [on_line, text not yet ended by a newline]

    @classmethod
    def register(cls, on_line: Callable[[str], None]) -> None:
        """Notes the calling thread's printed lines with ``on_line`` until it calls ``unregister``."""
        with cls._lock:
            router = cls._installed
            if router is None or sys.stdout is not router:
                router = cls._installed = LineRouter(sys.stdout)
                sys.stdout = router
            router._threads[threading.get_ident()] = [on_line, ""]

    @classmethod
    def finish_line(cls) -> None:
        """Notes a last line the calling thread printed without a newline, now rather than with its next write."""
        with cls._lock:
            router = cls._installed
            slot = router._threads.get(threading.get_ident()) if router is not None else None
            if slot is not None and slot[1]:
                text, slot[1] = slot[1], ""
                slot[0](text)

    @classmethod
    def unregister(cls) -> None:
        """Stops noting the calling thread's lines (noting a last one without a newline first)."""
        cls.finish_line()
        with cls._lock:
            router = cls._installed
            if router is None:
                return
            router._threads.pop(threading.get_ident(), None)
            if not router._threads:
                cls._installed = None
                if sys.stdout is router:
                    sys.stdout = router._target

    def write(self, text: str) -> int:
        written = self._target.write(text)
        slot = self._threads.get(threading.get_ident())
        if slot is not None:
            *lines, slot[1] = (slot[1] + text).split("\n")
            for line in lines:
                slot[0](line)
        return written if isinstance(written, int) else len(text)

    def flush(self) -> None:
        self._target.flush()

    def __getattr__(self, name: str):
        # encoding, isatty, fileno...: whatever the real stream has.
        return getattr(self._target, name)
