using System.Globalization;
using ConcurrencyLab;

namespace ConcurrencyLab.Benchmarks;

/// <summary>
/// <c>--loop-harnesses [rounds]</c>: the task-switch workload measured the ways other harnesses measure it, to
/// show its figure does not depend on the harness: straight after one warm-up (the JIT has not finished tiering
/// up), right after the million-callback workload (whatever that left in the heap), inside an ExecutionContext
/// that carries an AsyncLocal (as under a test host or a notebook kernel), and on a virtual clock with nothing
/// recorded. When a switch allocated a promise, these differed by 2–4×; now they should agree.
/// </summary>
public static class EventLoopHarnessCheck
{
    public const string Switch = "--loop-harnesses";

    private static readonly AsyncLocal<string?> s_hostValue = new();

    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != Switch) return false;
        int rounds = args.Length > 1 && int.TryParse(args[1], out var r) && r > 0 ? r : 6;
        var inv = CultureInfo.InvariantCulture;
        void Report(string how, Func<TimeSpan> measure)
        {
            measure(); // warm-up
            double best = double.PositiveInfinity;
            for (int i = 0; i < rounds; i++) best = Math.Min(best, measure().TotalSeconds);
            Console.WriteLine(string.Format(inv, "{0,-68} {1,8:0.000}s", how, best));
        }
        Console.WriteLine($"1,000 tasks x 100 Sleep(Zero), best of {rounds} after one warm-up, each on a fresh loop:");
        Report("first thing in the process, nothing recorded", () => EventLoopWorkloads.TaskSwitches(EventLoopWorkloads.Untraced()));
        Report("right after 1,000,000 CallSoon, nothing recorded", () =>
        {
            EventLoopWorkloads.CallSoonMillion(EventLoopWorkloads.Untraced());
            return EventLoopWorkloads.TaskSwitches(EventLoopWorkloads.Untraced());
        });
        s_hostValue.Value = "a host's AsyncLocal";
        Report("inside a host's ExecutionContext (test host, kernel)", () => EventLoopWorkloads.TaskSwitches(EventLoopWorkloads.Untraced()));
        s_hostValue.Value = null;
        Report("virtual clock, nothing recorded: EventLoop.Virtual(trace: false)", () => EventLoopWorkloads.TaskSwitches(EventLoop.Virtual(trace: false)));
        Report("virtual clock, traced (as the lessons run it)", () => EventLoopWorkloads.TaskSwitches(EventLoopWorkloads.TracedVirtual()));
        Report("real clock, traced: EventLoop.RealTime() (tracing is the default)", () => EventLoopWorkloads.TaskSwitches(EventLoop.RealTime()));
        return true;
    }
}
