using BenchmarkDotNet.Attributes;

namespace ConcurrencyLab.Benchmarks;

/// <summary>
/// BenchmarkDotNet view of the EventLoop workloads (one operation = the whole workload). For the side-by-side
/// comparison with CPython's asyncio, run: dotnet run -c Release --project benchmarks/ConcurrencyLab.Benchmarks -- --loop-vs-asyncio
/// </summary>
[MemoryDiagnoser]
public class EventLoopBenchmarks
{
    [Benchmark(Description = "1,000,000 CallSoon callbacks")]
    public TimeSpan CallSoonMillion() => EventLoopWorkloads.CallSoonMillion();

    [Benchmark(Description = "1,000 tasks x 100 Sleep(0)")]
    public TimeSpan TaskSwitches() => EventLoopWorkloads.TaskSwitches();
}
