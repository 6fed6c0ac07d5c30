# The Python side of the EventLoop benchmark (benchmarks/ConcurrencyLab.Benchmarks, --loop-vs-asyncio), run in
# the same go as the C# side so both see the same machine. The same two workloads on asyncio's own loop or on
# uvloop:
#   python3 asyncio_loop_bench.py            CPython's asyncio event loop
#   python3 asyncio_loop_bench.py uvloop     uvloop (exit code 3 and "uvloop not installed" where it is missing)
import asyncio, platform, sys, time
N = 1_000_000


async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    cnt = [0]

    def cb():
        cnt[0] += 1
        if cnt[0] == N:
            done.set_result(None)

    t = time.perf_counter()
    for _ in range(N):
        loop.call_soon(cb)
    await done
    print(f"call_soon x{N}: {time.perf_counter()-t:.3f}s")

    # task ping-pong: 1000 tasks each yielding 100 times
    async def player(k):
        for _ in range(100):
            await asyncio.sleep(0)

    t = time.perf_counter()
    await asyncio.gather(*(player(i) for i in range(1000)))
    print(f"100k task switches (1000 tasks x 100 sleep(0)): {time.perf_counter()-t:.3f}s")


def run_on_uvloop():
    try:
        import uvloop
    except ImportError:
        print(f"uvloop not installed for {sys.executable}")
        sys.exit(3)
    print(f"loop: uvloop {uvloop.__version__} (Python {platform.python_version()})")
    if hasattr(asyncio, "Runner"):  # Python 3.11+
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            runner.run(main())
    else:
        uvloop.install()
        asyncio.run(main())


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "uvloop":
        run_on_uvloop()
    else:
        print(f"loop: asyncio (Python {platform.python_version()})")
        asyncio.run(main())
