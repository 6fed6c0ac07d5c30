using System.Runtime.CompilerServices;

namespace ConcurrencyLab;

/// <summary>
/// What <see cref="EventLoop.Sleep(TimeSpan)"/> returns: <c>await</c> it, as you would <c>await asyncio.sleep(d)</c>,
/// or pass it wherever a <see cref="Task"/> is expected (<c>Task.WhenAll</c>, a <c>Func&lt;Task&gt;</c>): it converts.
/// It is its own awaiter (<see cref="GetAwaiter"/> returns it), so a sleep is one small value and nothing more.
/// </summary>
/// <remarks>
/// Why not simply a <see cref="Task"/>: <c>await loop.Sleep(TimeSpan.Zero)</c> is how a task lets the others run
/// (asyncio's bare yield), and a program may do it millions of times. Awaited directly, a zero sleep allocates
/// nothing: the awaiting method's own continuation joins the back of the ready queue, exactly where asyncio puts a
/// task that yields, so it resumes in the next tick. Like <see cref="Task.Yield"/>, the yield happens when it is
/// awaited (asyncio's <c>sleep(0)</c> is a coroutine: nothing happens until it is awaited either), and awaiting it
/// twice yields twice. A positive delay is a timer and its <see cref="Task"/>, awaited as usual.
/// </remarks>
public readonly struct SleepAwaitable : ICriticalNotifyCompletion
{
    private readonly EventLoop _loop;
    private readonly Task? _timer; // null: a zero sleep, the bare yield
    private readonly TimeSpan _delay;
    private readonly TimeSpan _due;

    internal SleepAwaitable(EventLoop loop, Task? timer, TimeSpan delay, TimeSpan due)
    {
        _loop = loop;
        _timer = timer;
        _delay = delay;
        _due = due;
    }

    /// <summary>Called by <c>await</c>: the sleep awaits itself.</summary>
    public SleepAwaitable GetAwaiter() => this;

    /// <summary>False until the sleep is over (always false for a zero sleep: it always yields).</summary>
    public bool IsCompleted => _timer is { IsCompleted: true };

    /// <summary>Ends the <c>await</c>.</summary>
    public void GetResult() => _timer?.GetAwaiter().GetResult();

    /// <summary>Schedules <paramref name="continuation"/>, with the caller's ExecutionContext, for when the sleep is over.</summary>
    public void OnCompleted(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (_loop.IsTracing) _loop.NoteSleepAwaited(_delay, _due);
        if (_timer is not null) _timer.GetAwaiter().OnCompleted(continuation);
        else _loop.PostYield(continuation, flowExecutionContext: true);
    }

    /// <summary>What <c>await</c> calls: the async method restores its own ExecutionContext, so none is captured here.</summary>
    public void UnsafeOnCompleted(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (_loop.IsTracing) _loop.NoteSleepAwaited(_delay, _due);
        if (_timer is not null) _timer.GetAwaiter().UnsafeOnCompleted(continuation);
        else _loop.PostYield(continuation, flowExecutionContext: false);
    }

    /// <summary>
    /// The sleep as a <see cref="Task"/>, done when the sleep is over. For a zero sleep that is a callback in the
    /// next tick, and a task awaiting the Task resumes inside it: one tick later, as with a direct <c>await</c>.
    /// Each call makes a new Task (and, for a zero sleep, a new yield).
    /// </summary>
    public Task AsTask() => _timer ?? _loop.YieldAsTask();

    /// <summary>Lets a sleep stand where a <see cref="Task"/> is expected, e.g. <c>Task.WhenAll(loop.Sleep(d), other)</c>.</summary>
    public static implicit operator Task(SleepAwaitable sleep) => sleep.AsTask();
}
