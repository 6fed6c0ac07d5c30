using BenchmarkDotNet.Attributes;

namespace ConcurrencyLab.Benchmarks;

/// <summary>
/// BenchmarkDotNet view of the EventLoop workloads (one operation = a fresh loop running the whole workload),
/// untraced and traced on a virtual clock. For the side-by-side comparison with asyncio and uvloop, run:
/// dotnet run -c Release --project benchmarks/ConcurrencyLab.Benchmarks -- --loop-vs-asyncio
/// </summary>
[MemoryDiagnoser]
public class EventLoopBenchmarks
{
    [Benchmark(Description = "1,000,000 CallSoon callbacks, nothing recorded")]
    public TimeSpan CallSoonMillion() => EventLoopWorkloads.CallSoonMillion(EventLoopWorkloads.Untraced());

    [Benchmark(Description = "1,000 tasks x 100 Sleep(0), nothing recorded")]
    public TimeSpan TaskSwitches() => EventLoopWorkloads.TaskSwitches(EventLoopWorkloads.Untraced());

    [Benchmark(Description = "1,000,000 CallSoon callbacks, traced, virtual clock")]
    public TimeSpan CallSoonMillionTraced() => EventLoopWorkloads.CallSoonMillion(EventLoopWorkloads.TracedVirtual());

    [Benchmark(Description = "1,000 tasks x 100 Sleep(0), traced, virtual clock")]
    public TimeSpan TaskSwitchesTraced() => EventLoopWorkloads.TaskSwitches(EventLoopWorkloads.TracedVirtual());
}
