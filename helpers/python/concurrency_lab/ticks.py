"""The tick log of a loop, in the shape of the C# ``TickLog``: one row per turn of the loop that ran something.

``TickLog.to_text()`` prints the same fixed-width table as C#'s ``TickLog.ToText()`` (same columns, widths and
wording), so CPython's ticks and the C# ``EventLoop``'s can be compared line by line.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Sequence

FORMAT = "concurrency-lab/ticks"
VERSION = 1


@dataclass(frozen=True)
class Tick:
    """One turn of the loop: its number (from 1), the loop time it started at, how many callbacks were ready
    (due timers and cancelled handles included), how many timers were still waiting after it, and what ran."""

    number: int
    time: float
    ready: int
    timers_pending: int
    ran: tuple[str, ...]

    def __str__(self) -> str:
        return (f"tick {self.number} at {self.time:.3f} s: {self.ready} ready, {self.timers_pending} timers waiting; "
                f"ran {' | '.join(self.ran)}")

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "time": self.time, "ready": self.ready,
                "timersPending": self.timers_pending, "ran": list(self.ran)}


@dataclass(frozen=True)
class PrintedLine:
    """A line printed while the loop ran: when, in which tick, and what."""

    time: float
    tick: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"time": self.time, "tick": self.tick, "text": self.text}


class TickLog(Sequence[Tick]):
    """Every tick a loop logged, printable as a table with ``to_text``."""

    def __init__(self) -> None:
        self._ticks: list[Tick] = []

    def _add(self, tick: Tick) -> None:
        self._ticks.append(tick)

    def __len__(self) -> int:
        return len(self._ticks)

    def __getitem__(self, index):  # type: ignore[override]
        return self._ticks[index]

    def __iter__(self) -> Iterator[Tick]:
        return iter(self._ticks)

    def to_text(self, max_rows: int = 200, printed: Iterable[PrintedLine] | None = None) -> str:
        """A fixed-width table, one row per tick: number, time, ready count, timers waiting, what ran. Printed
        lines appear under the tick that printed them. At most ``max_rows`` ticks are listed."""
        if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows <= 0:
            raise ValueError(f"Show at least one row: pass a positive max_rows, got {max_rows!r}.")
        by_tick: dict[int, list[PrintedLine]] = {}
        for line in printed or ():
            by_tick.setdefault(line.tick, []).append(line)
        rows = ["tick     time  ready  timers  ran"]
        for tick in self._ticks[:max_rows]:
            rows.append(f"{tick.number:4d} {tick.time:8.3f}s {tick.ready:5d} {tick.timers_pending:7d}  "
                        + " | ".join(tick.ran))
            for line in by_tick.get(tick.number, ()):
                rows.append(f"{'':28}prints \"{line.text}\"")
        if len(self._ticks) > max_rows:
            rows.append(f"… {len(self._ticks) - max_rows} more ticks")
        return "\n".join(rows) + "\n"

    def to_dict(self, printed: Iterable[PrintedLine] | None = None) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "ticks": [t.to_dict() for t in self._ticks],
                "printed": [p.to_dict() for p in printed or ()]}

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        return f"TickLog({len(self._ticks)} ticks)"
