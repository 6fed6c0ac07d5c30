using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

public class SingleThreadContextTests
{
    [Fact]
    public void Every_continuation_runs_on_the_calling_thread()
    {
        var caller = Environment.CurrentManagedThreadId;
        var seen = new List<int>();
        SingleThreadContext.Run(async () =>
        {
            for (int i = 0; i < 5; i++)
            {
                seen.Add(Environment.CurrentManagedThreadId);
                await Task.Delay(1);
            }
            seen.Add(Environment.CurrentManagedThreadId);
        });
        Assert.Equal(6, seen.Count);
        Assert.All(seen, id => Assert.Equal(caller, id));
    }

    [Fact]
    public void Concurrent_tasks_interleave_on_one_thread_and_never_overlap()
    {
        var log = new List<string>();
        SingleThreadContext.Run(async () =>
        {
            async Task Step(string name)
            {
                log.Add($"{name} start");
                await Task.Yield();
                log.Add($"{name} end");
            }
            await Task.WhenAll(Step("a"), Step("b"));
        });
        // Both start before either resumes: the loop runs a's start, b's start, then the posted resumptions in order.
        Assert.Equal(new[] { "a start", "b start", "a end", "b end" }, log);
    }

    [Fact]
    public void Returns_the_result_and_restores_the_previous_context()
    {
        var before = SynchronizationContext.Current;
        var result = SingleThreadContext.Run(async () =>
        {
            await Task.Yield();
            return SynchronizationContext.Current is SingleThreadContext ? 42 : -1;
        });
        Assert.Equal(42, result);
        Assert.Same(before, SynchronizationContext.Current);
    }

    [Fact]
    public void Rethrows_the_body_exception()
    {
        var e = Assert.Throws<InvalidOperationException>(() => SingleThreadContext.Run(async () =>
        {
            await Task.Yield();
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("boom", e.Message);
    }

    [Fact]
    public void A_null_body_is_an_argument_error()
    {
        Assert.Throws<ArgumentNullException>(() => SingleThreadContext.Run(null!));
        var e = Assert.Throws<ArgumentException>(() => SingleThreadContext.Run(() => null!));
        Assert.Contains("null Task", e.Message);
    }

    [Fact]
    public async Task A_continuation_posted_after_the_loop_ended_still_runs()
    {
        var straggler = new TaskCompletionSource();
        var gate = new TaskCompletionSource();
        Task? unobserved = null;
        SingleThreadContext.Run(async () =>
        {
            unobserved = Resume();
            await Task.Yield();
            async Task Resume()
            {
                await gate.Task; // resumes after Run returned: posted to a closed loop
                straggler.SetResult();
            }
        });
        gate.SetResult();
        await straggler.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(unobserved!.IsCompleted || await Task.WhenAny(unobserved, Task.Delay(5000)) == unobserved);
    }

    [Fact]
    public void A_blocking_call_stalls_the_other_tasks_on_the_loop()
    {
        var order = new List<string>();
        SingleThreadContext.Run(async () =>
        {
            async Task Blocking()
            {
                await Task.Yield();
                Thread.Sleep(100);
                order.Add("blocking done");
            }
            async Task Quick()
            {
                await Task.Yield();
                order.Add("quick done");
            }
            await Task.WhenAll(Blocking(), Quick());
        });
        // Quick was ready after 0 ms, but the loop was held by the sleep: it finishes second.
        Assert.Equal(new[] { "blocking done", "quick done" }, order);
    }
}
