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
        // Two threads spinning per core beside the job: one or two workers share the cores with them, so no trial can
        // give a worker 90 % of a core (at most a third on 2 cores), and each count is tried 8 more times.
        var cores = Environment.ProcessorCount;
        IReadOnlyList<SpeedUpPoint> points;
        long[] spins;
        using (var load = new SpinningThreads(2 * cores))
        {
            points = SpeedUpCurve.Measure([1, 2], TimeSpan.FromMilliseconds(40), chunks: 8, repeats: 2, cores: 2);
            spins = load.Spins;
        }
        Assert.All(spins, s => Assert.True(s > 0, "a spinning thread never ran"));
        Assert.All(points, p => Assert.True(p.ShareOfCore < 0.9, $"{p.Workers} worker(s) got {p.ShareOfCore:P0} of a core beside {2 * cores} spinning threads"));
        Assert.All(points, p => Assert.Equal(2 + 8, p.Trials));
    }
}
