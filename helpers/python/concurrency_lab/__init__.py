"""Concurrency Lab, the Python side: a span recorder and an asyncio loop that ticks like the C# ``EventLoop``.

Standard library only, Python 3.11+. See helpers/python/README.md.
"""
from .callback_labels import named
from .ticks import PrintedLine, Tick, TickLog
from .timeline import Span, SpanKind, Timeline, current_lane
from .virtual_loop import LOOP_LANE, StalledLoopError, VirtualTimeLoop

__all__ = [
    "LOOP_LANE", "PrintedLine", "Span", "SpanKind", "StalledLoopError", "Tick", "TickLog", "Timeline",
    "VirtualTimeLoop", "current_lane", "named",
]
