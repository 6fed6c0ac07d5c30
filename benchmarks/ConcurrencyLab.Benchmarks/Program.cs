using BenchmarkDotNet.Running;

// Every benchmark class in this assembly is listed; pick with --filter, e.g.
//   dotnet run -c Release --project benchmarks/ConcurrencyLab.Benchmarks -- --filter '*Timeline*'
if (ConcurrencyLab.Benchmarks.EventLoopVsAsyncio.TryRun(args)) return; // --loop-vs-asyncio: EventLoop beside asyncio and uvloop
if (ConcurrencyLab.Benchmarks.EventLoopHarnessCheck.TryRun(args)) return; // --loop-harnesses: the same workload, measured several ways
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
