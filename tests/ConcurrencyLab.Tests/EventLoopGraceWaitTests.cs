using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>
/// Before a virtual loop jumps its clock it may wait a little for thread-pool work it cannot see yet (a hop its
/// tasks queued that has not started). That wait is paid only when the loop's own ticks moved the pool: a run that
/// never touches the pool never waits, however busy the pool is with other people's work. The pool is staged
/// through its two counters so the tests are exact.
/// </summary>
public sealed class EventLoopGraceWaitTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static EventLoop TenJumps(ThreadPoolActivity pool)
    {
        var loop = EventLoop.Virtual(trace: false);
        loop.PoolActivity = pool;
        loop.Run(async () => { for (int i = 0; i < 10; i++) await loop.Sleep(S(60)); });
        return loop;
    }

    [Fact]
    public void A_pool_busy_with_other_work_costs_a_run_that_never_touches_it_nothing()
    {
        // Work pending the whole time (someone else's), none of it queued or finished while the loop's ticks ran.
        var loop = TenJumps(new ThreadPoolActivity(pending: () => 25, completed: () => 1_000));
        Assert.Equal(0, loop.GraceWaitCount);
        Assert.Equal(TimeSpan.FromMinutes(10), loop.Time);
    }

    [Fact]
    public void Pool_activity_during_the_loops_ticks_makes_each_jump_wait_until_the_pool_is_quiet()
    {
        // Every read sees one more completed item (the pool moved during each tick) and nothing pending:
        // one wait per jump, to let an item just taken off the queue show itself.
        long completed = 0;
        var loop = TenJumps(new ThreadPoolActivity(pending: () => 0, completed: () => Interlocked.Increment(ref completed)));
        Assert.Equal(10, loop.GraceWaitCount);
        Assert.Equal(TimeSpan.FromMinutes(10), loop.Time);
    }

    [Fact]
    public void The_wait_for_work_that_never_starts_is_bounded()
    {
        long completed = 0;
        var loop = EventLoop.Virtual(trace: false);
        loop.PoolActivity = new ThreadPoolActivity(pending: () => 3, completed: () => Interlocked.Increment(ref completed));
        loop.Run(async () => await loop.Sleep(S(1)));
        Assert.Equal(200, loop.GraceWaitCount); // then the clock jumps anyway
        Assert.Equal(S(1), loop.Time);
    }

    [Fact]
    public void ThreadPoolActivity_sees_only_movement_during_a_tick_until_reset()
    {
        long pending = 5, completed = 10;
        var pool = new ThreadPoolActivity(() => pending, () => completed);
        pool.BeforeTick();
        pending = 4; // someone else's item started: not ours
        pool.AfterTick();
        Assert.False(pool.SawActivity);
        pool.BeforeTick();
        pending = 5;
        pool.AfterTick();
        Assert.True(pool.SawActivity);
        pool.Reset();
        Assert.False(pool.SawActivity);
        pool.BeforeTick();
        completed = 11;
        pool.AfterTick();
        Assert.True(pool.SawActivity);
    }
}
