"""A CPU-bound job for thread and process pools: pure Python, so it holds the GIL the whole time it runs.

The functions live in a module, not in a notebook cell, because a ``ProcessPoolExecutor`` sends its workers the
function by name: a worker started with ``spawn`` or ``forkserver`` imports it from here (a function defined in a
cell cannot be found that way; with ``fork`` it happens to work, which hides the problem until the start method
changes).
"""
import time


def crunch(iterations: int) -> int:
    """Pure-Python arithmetic: no I/O and no call into C that releases the GIL, so one chunk keeps one core busy."""
    if not isinstance(iterations, int) or isinstance(iterations, bool) or iterations < 0:
        raise ValueError(f"crunch needs a whole number of iterations >= 0, got {iterations!r}.")
    total = 0
    for i in range(iterations):
        total = (total + i * i) % 1_000_003
    return total


def iterations_for(seconds: float, trials: int = 5) -> int:
    """How many ``crunch`` iterations take ``seconds`` of one core here: the fastest of a few short trials, so a
    busy moment during calibration does not make the job smaller than planned."""
    if not seconds > 0 or trials < 1:
        raise ValueError(f"iterations_for needs seconds > 0 and trials >= 1, got seconds={seconds!r}, trials={trials!r}.")
    probe = 20_000
    best = float("inf")
    for _ in range(trials):
        start = time.perf_counter()
        crunch(probe)
        best = min(best, time.perf_counter() - start)
    return max(1, round(probe * seconds / max(best, 1e-9)))


def waited_for_a_core() -> "float | None":
    """Seconds the calling thread has spent ready to run but waiting for a core (Linux's run-queue delay, from
    /proc/thread-self/schedstat); None where the operating system does not say. A thread blocked on a lock, a
    queue or the GIL is asleep, not waiting for a core: only other programs (or more busy threads than cores)
    add to it."""
    try:
        with open("/proc/thread-self/schedstat") as stat:
            return int(stat.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return None


def crunch_timed(iterations: int) -> "tuple[float, float | None]":
    """``crunch``, and what it cost the thread that ran it: (CPU seconds, seconds waiting for a core or None).

    Summed over a job's chunks, CPU / wall is how many cores the job kept busy, and CPU / (CPU + waiting) the
    share of a core its workers got while they were ready to run: 1 when every worker had a core to itself."""
    waited0, cpu0 = waited_for_a_core(), time.thread_time()
    crunch(iterations)
    cpu, waited1 = time.thread_time() - cpu0, waited_for_a_core()
    return cpu, (waited1 - waited0 if waited0 is not None and waited1 is not None else None)
