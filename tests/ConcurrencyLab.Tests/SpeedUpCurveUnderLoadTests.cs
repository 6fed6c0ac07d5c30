namespace ConcurrencyLab.Tests;

/// <summary>
/// A speed-up curve measured while other threads hold the cores tries again each count whose workers lost them. Runs
/// alone (with the other classes that spin), so its spinning threads load no other test.
/// </summary>
[Collection(SpinningThreads.Collection)]
public sealed class SpeedUpCurveUnderLoadTests
{
    [SkippableFact]
    public void A_count_whose_workers_lost_their_cores_to_other_threads_is_measured_again()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Only Linux reports how long a thread waited for a core: elsewhere nothing is measured again.");
        // Two threads spinning per core beside the job: one or two workers share the cores with them, so a trial
        // mostly gives a worker a third of a core or less. The scheduler can still let a worker run a short trial
        // undisturbed, so what is judged is the rule: a count is tried again while its fastest trial lost its cores,
        // and stops early only on a trial that got them.
        var cores = Environment.ProcessorCount;
        IReadOnlyList<SpeedUpPoint> points;
        long[] spins;
        using (var load = new SpinningThreads(2 * cores))
        {
            points = CpuWork.MeasureSpeedUp([1, 2], TimeSpan.FromMilliseconds(40), chunks: 8, repeats: 2, cores: 2);
            spins = load.Spins;
        }
        Assert.All(spins, s => Assert.True(s > 0, "a spinning thread never ran"));
        Assert.All(points, p => Assert.InRange(p.Trials, 2, 2 + 8));
        // Kept a trial that lost its cores: every one of the 8 more trials was spent.
        Assert.All(points.Where(p => p.ShareOfCore < 0.9), p => Assert.Equal(2 + 8, p.Trials));
        // Two workers getting 90 % of both cores beside four spinning threads in their first two trials would take
        // both of them to run undisturbed twice: the count of two is measured again.
        var two = points.Single(p => p.Workers == 2);
        Assert.True(two.Trials > 2, $"2 workers were not measured again beside {2 * cores} spinning threads (share of core {two.ShareOfCore:P0})");
    }
}
