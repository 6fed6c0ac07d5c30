using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ConcurrencyLab.Benchmarks;

/// <summary>
/// <c>--loop-vs-asyncio</c>: runs the shared asyncio benchmark with python3 and the same workloads on EventLoop,
/// in one go on the same machine, and prints both times and the ratios. BenchmarkDotNet cannot run the Python
/// side, hence this small mode. Best of several rounds on each side (the usual way to read a noisy machine).
/// </summary>
public static partial class EventLoopVsAsyncio
{
    public const string Switch = "--loop-vs-asyncio";

    /// <summary>Runs the comparison if <paramref name="args"/> asks for it; returns whether it did.</summary>
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != Switch) return false;
        int rounds = args.Length > 1 && int.TryParse(args[1], out var r) && r > 0 ? r : 5;
        Environment.ExitCode = Run(rounds);
        return true;
    }

    private static int Run(int rounds)
    {
        var script = FindScript();
        if (script is null)
        {
            Console.Error.WriteLine("asyncio_loop_bench.py not found: expected at ../shared/bench/ (beside the repository) or benchmarks/asyncio_loop_bench.py.");
            return 2;
        }
        Console.WriteLine($"Python side: {script}");
        // Warm up the JIT once; then alternate the two sides round by round, so both see the same machine load,
        // and keep each side's best round.
        EventLoopWorkloads.CallSoonMillion();
        EventLoopWorkloads.TaskSwitches();
        double pySoon = double.MaxValue, pySwitch = double.MaxValue, csSoon = double.MaxValue, csSwitch = double.MaxValue;
        for (int i = 0; i < rounds; i++)
        {
            var (soon, switches) = RunPython(script);
            pySoon = Math.Min(pySoon, soon);
            pySwitch = Math.Min(pySwitch, switches);
            csSoon = Math.Min(csSoon, EventLoopWorkloads.CallSoonMillion().TotalSeconds);
            csSwitch = Math.Min(csSwitch, EventLoopWorkloads.TaskSwitches().TotalSeconds);
        }
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Format(inv, "{0,-44} {1,12} {2,12} {3,8}", "workload (best of " + rounds + ")", "asyncio", "EventLoop", "ratio"));
        Console.WriteLine(string.Format(inv, "{0,-44} {1,11:0.000}s {2,11:0.000}s {3,7:0.0}x", "1,000,000 call_soon / CallSoon", pySoon, csSoon, pySoon / csSoon));
        Console.WriteLine(string.Format(inv, "{0,-44} {1,11:0.000}s {2,11:0.000}s {3,7:0.0}x", "1,000 tasks x 100 sleep(0) / Sleep(Zero)", pySwitch, csSwitch, pySwitch / csSwitch));
        bool goal = pySoon / csSoon >= 3 && pySwitch / csSwitch >= 3;
        Console.WriteLine(goal ? "Goal met: at least 3x faster than asyncio on both." : "Goal NOT met: less than 3x faster on at least one workload.");
        return goal ? 0 : 1;
    }

    private static (double CallSoon, double Switches) RunPython(string script)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start python3.");
        string output = process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"python3 {script} failed: {errors}");
        var soon = CallSoonLine().Match(output);
        var switches = SwitchesLine().Match(output);
        if (!soon.Success || !switches.Success) throw new InvalidOperationException($"Unexpected output from {script}:\n{output}");
        return (double.Parse(soon.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(switches.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "bench", "asyncio_loop_bench.py"), Path.Combine(dir.FullName, "benchmarks", "asyncio_loop_bench.py") })
                if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    [GeneratedRegex(@"call_soon x\d+: ([0-9.]+)s")]
    private static partial Regex CallSoonLine();

    [GeneratedRegex(@"task switches[^:]*: ([0-9.]+)s")]
    private static partial Regex SwitchesLine();
}
