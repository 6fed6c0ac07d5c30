namespace ConcurrencyLab.Tests;

/// <summary>
/// The seeds' programs on EventLoop in virtual time, on their own: exact and repeatable, and the seeds' headline
/// figure (say_after: 3 s one after another, 2 s with tasks). TickParityTests compares every one with CPython.
/// </summary>
public sealed class SeedProgramsOnEventLoopTests
{
    public static TheoryData<string> Programs => new(TickParityPrograms.Names);

    [Theory]
    [MemberData(nameof(Programs))]
    public void Virtual_runs_are_exact_and_repeatable(string program)
    {
        var first = TickParityPrograms.Run(program);
        var second = TickParityPrograms.Run(program);
        Assert.NotEmpty(first.Ticks);
        Assert.Equal(first.TickTable(), second.TickTable());
        Assert.Equal(first.Time, second.Time);
    }

    [Fact]
    public void Say_after_takes_three_seconds_one_after_another_and_two_with_tasks()
    {
        var sequential = TickParityPrograms.Run("say_after_sequential");
        var tasks = TickParityPrograms.Run("say_after_tasks");
        Assert.Equal(TimeSpan.FromSeconds(3), sequential.Time);
        Assert.Equal(TimeSpan.FromSeconds(2), tasks.Time);
        Assert.Contains("hello", sequential.TickTable());
        Assert.Contains("world", tasks.TickTable());
    }
}
