"""Concurrency Lab, the Python side: a span recorder and an asyncio loop that ticks like the C# ``EventLoop``.

Standard library only, Python 3.11+. See helpers/python/README.md.
"""
import sys as _sys

if _sys.version_info < (3, 11):
    raise ImportError(f"concurrency_lab needs Python 3.11 or later; this is {_sys.version.split()[0]}. "
                      "Install a newer python3 (and ipykernel for the notebooks' Python cells).")

from .callback_labels import named
from .player import Recording, record, record_async, recorded
from .ticks import PrintedLine, Tick, TickLog
from .timeline import Span, SpanKind, Timeline, current_lane
from .virtual_loop import LOOP_LANE, StalledLoopError, VirtualTimeLoop

__all__ = [
    "LOOP_LANE", "PrintedLine", "Recording", "Span", "SpanKind", "StalledLoopError", "Tick", "TickLog", "Timeline",
    "VirtualTimeLoop", "current_lane", "named", "record", "record_async", "recorded",
]
