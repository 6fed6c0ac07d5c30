using System.Diagnostics;
using Xunit.Abstractions;

namespace ConcurrencyLab.Tests;

/// <summary>
/// A virtual loop is exact under any load: every seed program (as_completed included), run 200 times beside two
/// threads that spin on the CPU for the whole test, prints one and the same tick log every time. The clock never
/// moves on a guess, so how late the machine lets the loop run cannot change a single tick. as_completed written
/// with Task.WhenEach cannot be timed (it hops through the thread pool): every run says so in its tick log. Runs
/// alone, so its spinning threads load no other test.
/// </summary>
[Collection(SpinningThreads.Collection)]
public sealed class SeedProgramsUnderLoadTests(ITestOutputHelper output)
{
    private const int Runs = 200;

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    public static TheoryData<string> Programs => new(TickParityPrograms.Names);

    [Theory]
    [MemberData(nameof(Programs))]
    public void Two_hundred_runs_beside_two_spinning_threads_give_one_tick_log(string program)
    {
        var logs = new Dictionary<string, int>();
        var wall = Stopwatch.StartNew();
        long[] spins;
        using (var load = new SpinningThreads(2))
        {
            for (int run = 0; run < Runs; run++)
            {
                var loop = TickParityPrograms.Run(program);
                Assert.Equal(0, loop.UntimedArrivals);
                var log = loop.TickTable();
                logs[log] = logs.GetValueOrDefault(log) + 1;
            }
            spins = load.Spins;
        }
        output.WriteLine($"{Runs} runs of {program} in {wall.Elapsed.TotalMilliseconds:0} ms; the spinning threads went round {string.Join(" and ", spins.Select(s => s.ToString("N0")))} times");
        Assert.All(spins, s => Assert.True(s > 0, "a spinning thread never ran"));
        Assert.True(logs.Count == 1,
            $"{logs.Count} different tick logs in {Runs} runs of {program}:\n" +
            string.Join("\n", logs.Select(l => $"--- {l.Value} runs:\n{l.Key}")));
    }

    /// <summary>
    /// as_completed written with Task.WhenEach: each hand-over hops through the thread pool, so where main resumes
    /// depends on the machine. Beside two spinning threads, 200 runs: the order is always right, and every step of
    /// main that the hop woke carries the note, in every run.
    /// </summary>
    [Fact]
    public void Task_WhenEach_on_a_virtual_loop_is_marked_in_every_one_of_200_runs_beside_two_spinning_threads()
    {
        var firstHandedAt = new Dictionary<double, int>();
        using var load = new SpinningThreads(2);
        for (int run = 0; run < Runs; run++)
        {
            var loop = EventLoop.Virtual();
            loop.Output = TextWriter.Null;
            var handed = new List<(string Name, double At)>();
            loop.Run(async () =>
            {
                async Task<string> Fetch(string name, double seconds)
                {
                    await loop.Sleep(S(seconds));
                    return name;
                }
                var tasks = new[] { loop.CreateTask(() => Fetch("slow", 3)), loop.CreateTask(() => Fetch("fast", 1)), loop.CreateTask(() => Fetch("middle", 2)) };
                await foreach (var done in Task.WhenEach(tasks)) handed.Add((await done, loop.Time.TotalSeconds));
            });
            Assert.Equal(["fast", "middle", "slow"], handed.Select(h => h.Name));
            var mainFromOtherThreads = loop.Ticks.SelectMany(t => t.Queue).Where(c => c.Task == "main" && c.Origin == QueueOrigin.OtherThread).ToList();
            Assert.NotEmpty(mainFromOtherThreads);
            Assert.All(mainFromOtherThreads, c => Assert.Equal(UntimedPost.Note, c.Note));
            Assert.Equal(mainFromOtherThreads.Count, loop.UntimedArrivals);
            firstHandedAt[handed[0].At] = firstHandedAt.GetValueOrDefault(handed[0].At) + 1;
        }
        Assert.All(load.Spins, s => Assert.True(s > 0));
        output.WriteLine("Task.WhenEach on a virtual loop, when main took 'fast' (asyncio: 1 s): " +
            string.Join(", ", firstHandedAt.OrderBy(p => p.Key).Select(p => $"{p.Key} s in {p.Value} runs")));
    }
}
