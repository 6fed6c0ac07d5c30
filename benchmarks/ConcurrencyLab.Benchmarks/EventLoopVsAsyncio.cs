using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ConcurrencyLab.Benchmarks;

/// <summary>
/// <c>--loop-vs-asyncio [rounds]</c>: the EventLoop workloads beside CPython's asyncio and uvloop, in one run on
/// one machine. BenchmarkDotNet cannot run the Python side, hence this small mode. After a warm-up round the
/// sides alternate round by round (so they share whatever load the machine has) and each keeps its best round.
/// Python comes from /usr/bin/python3 where it exists (Debian's, where python3-uvloop installs), else python3
/// on the PATH; where uvloop cannot be imported its column says so.
/// </summary>
public static partial class EventLoopVsAsyncio
{
    public const string Switch = "--loop-vs-asyncio";

    /// <summary>What each workload must reach, as a multiple of uvloop's speed (ratio = uvloop time / EventLoop time).</summary>
    public const double UntracedGoal = 3.0, TracedGoal = 1.0;

    /// <summary>Runs the comparison if <paramref name="args"/> asks for it; returns whether it did.</summary>
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != Switch) return false;
        int rounds = args.Length > 1 && int.TryParse(args[1], out var r) && r > 0 ? r : 6;
        Environment.ExitCode = Run(rounds);
        return true;
    }

    private sealed class Best
    {
        public double Value { get; private set; } = double.PositiveInfinity;
        public bool Measured => !double.IsPositiveInfinity(Value);
        public void Add(double seconds) => Value = Math.Min(Value, seconds);
    }

    private static int Run(int rounds)
    {
        var script = FindScript();
        if (script is null)
        {
            Console.Error.WriteLine("benchmarks/asyncio/asyncio_loop_bench.py not found: run this from a build inside the repository.");
            return 2;
        }
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        Console.WriteLine($"Python side: {python} {script}");

        // Warm-up round, not counted: the JIT on our side, the interpreter's files in the page cache on theirs.
        var asyncioLoop = RunPython(python, script, "asyncio");
        var uvloopLoop = RunPython(python, script, "uvloop");
        Console.WriteLine($"  {asyncioLoop.Loop}; {uvloopLoop.Loop ?? uvloopLoop.Missing}");
        MeasureOurs(out _, out _, out _, out _);

        Best pySoon = new(), pySwitch = new(), uvSoon = new(), uvSwitch = new();
        Best soon = new(), switches = new(), tracedSoon = new(), tracedSwitches = new();
        for (int i = 0; i < rounds; i++)
        {
            var py = RunPython(python, script, "asyncio");
            pySoon.Add(py.CallSoon);
            pySwitch.Add(py.Switches);
            if (uvloopLoop.Missing is null)
            {
                var uv = RunPython(python, script, "uvloop");
                uvSoon.Add(uv.CallSoon);
                uvSwitch.Add(uv.Switches);
            }
            MeasureOurs(out var a, out var b, out var c, out var d);
            soon.Add(a);
            switches.Add(b);
            tracedSoon.Add(c);
            tracedSwitches.Add(d);
        }

        var inv = CultureInfo.InvariantCulture;
        string S(Best b) => b.Measured ? string.Format(inv, "{0:0.000}s", b.Value) : "—";
        string X(Best uv, Best ours) => uv.Measured ? string.Format(inv, "{0:0.0}x", uv.Value / ours.Value) : "—";
        const string row = "{0,-40} {1,10} {2,14} {3,9} {4,9} {5,10} {6,10}";
        Console.WriteLine();
        Console.WriteLine($"Best of {rounds} rounds after a warm-up round, Release build. EventLoop times cover the whole Run (loop created");
        Console.WriteLine("and shut down included); the Python side times inside main. Ratios: uvloop's time / EventLoop's time.");
        Console.WriteLine(string.Format(inv, row, "workload", "EventLoop", "EventLoop", "asyncio", "uvloop", "untraced", "traced"));
        Console.WriteLine(string.Format(inv, row, "", "untraced", "traced, virt.", "", "", "vs uvloop", "vs uvloop"));
        Console.WriteLine(string.Format(inv, row, "1,000,000 CallSoon / call_soon", S(soon), S(tracedSoon), S(pySoon), S(uvSoon), X(uvSoon, soon), X(uvSoon, tracedSoon)));
        Console.WriteLine(string.Format(inv, row, "1,000 tasks x 100 Sleep(0) / sleep(0)", S(switches), S(tracedSwitches), S(pySwitch), S(uvSwitch), X(uvSwitch, switches), X(uvSwitch, tracedSwitches)));
        Console.WriteLine(string.Format(inv, "vs CPython's asyncio: untraced {0:0.0}x and {1:0.0}x, traced {2:0.0}x and {3:0.0}x",
            pySoon.Value / soon.Value, pySwitch.Value / switches.Value, pySoon.Value / tracedSoon.Value, pySwitch.Value / tracedSwitches.Value));
        if (uvloopLoop.Missing is not null)
        {
            Console.WriteLine($"{uvloopLoop.Missing}: no uvloop column, so the goals against uvloop were not checked (Debian: apt-get install python3-uvloop).");
            return 2;
        }
        bool untracedMet = uvSoon.Value / soon.Value >= UntracedGoal && uvSwitch.Value / switches.Value >= UntracedGoal;
        bool tracedMet = uvSoon.Value / tracedSoon.Value >= TracedGoal && uvSwitch.Value / tracedSwitches.Value >= TracedGoal;
        Console.WriteLine($"Goal, nothing recorded: at least {UntracedGoal:0}x uvloop on both workloads: {(untracedMet ? "met" : "NOT met")}.");
        Console.WriteLine($"Goal, traced on a virtual clock: never slower than uvloop: {(tracedMet ? "met" : "NOT met")}.");
        return untracedMet && tracedMet ? 0 : 1;
    }

    /// <summary>
    /// One round of our four measurements, each on a fresh loop and a collected heap: each Python run starts in a
    /// fresh process, so each of ours starts without the garbage of the one before (what BenchmarkDotNet does
    /// between iterations too). A traced run keeps its whole trace alive; the next one should not pay for it.
    /// </summary>
    private static void MeasureOurs(out double soon, out double switches, out double tracedSoon, out double tracedSwitches)
    {
        soon = Clean(() => EventLoopWorkloads.CallSoonMillion(EventLoopWorkloads.Untraced()));
        switches = Clean(() => EventLoopWorkloads.TaskSwitches(EventLoopWorkloads.Untraced()));
        tracedSoon = Clean(() => EventLoopWorkloads.CallSoonMillion(EventLoopWorkloads.TracedVirtual()));
        tracedSwitches = Clean(() => EventLoopWorkloads.TaskSwitches(EventLoopWorkloads.TracedVirtual()));
    }

    private static double Clean(Func<TimeSpan> measure)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return measure().TotalSeconds;
    }

    private sealed record PythonRun(double CallSoon, double Switches, string? Loop, string? Missing);

    private static PythonRun RunPython(string python, string script, string loop)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(loop);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {python}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start {python} ({e.Message}): the comparison needs Python 3 on this machine.", e);
        }
        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 3) return new PythonRun(double.NaN, double.NaN, null, output.Trim());
            if (process.ExitCode != 0) throw new InvalidOperationException($"{python} {script} {loop} failed: {errors.Result}");
            var soon = CallSoonLine().Match(output);
            var switches = SwitchesLine().Match(output);
            var which = LoopLine().Match(output);
            if (!soon.Success || !switches.Success) throw new InvalidOperationException($"Unexpected output from {script}:\n{output}");
            return new PythonRun(
                double.Parse(soon.Groups[1].Value, CultureInfo.InvariantCulture),
                double.Parse(switches.Groups[1].Value, CultureInfo.InvariantCulture),
                which.Success ? which.Groups[1].Value.Trim() : loop,
                null);
        }
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "benchmarks", "asyncio", "asyncio_loop_bench.py");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    [GeneratedRegex(@"call_soon x\d+: ([0-9.]+)s")]
    private static partial Regex CallSoonLine();

    [GeneratedRegex(@"task switches[^:]*: ([0-9.]+)s")]
    private static partial Regex SwitchesLine();

    [GeneratedRegex(@"^loop: (.*)$", RegexOptions.Multiline)]
    private static partial Regex LoopLine();
}
