namespace ConcurrencyLab;

/// <summary>
/// What <see cref="EventLoop.CallSoon(Action, string?)"/> and <see cref="EventLoop.CallLater(TimeSpan, Action, string?)"/>
/// return: asyncio's <c>Handle</c> / <c>TimerHandle</c>. <see cref="Cancel"/> stops the callback from running if it
/// has not run yet. A struct so that scheduling a callback allocates nothing.
/// </summary>
public readonly struct CallbackHandle
{
    private readonly EventLoop? _loop;
    private readonly long _id;
    private readonly TimerEntry? _timer;

    internal CallbackHandle(EventLoop loop, long id, TimerEntry? timer)
    {
        _loop = loop;
        _id = id;
        _timer = timer;
    }

    /// <summary>For a <c>CallLater</c> handle, the loop time at which the callback is due; null for <c>CallSoon</c>.</summary>
    internal TimeSpan? When => _timer is null ? null : TimeSpan.FromTicks(_timer.WhenTicks);

    /// <summary>Whether <see cref="Cancel"/> was called.</summary>
    internal bool IsCancelled => _timer?.IsCancelled ?? (_loop?.IsReadyCancelled(_id) ?? false);

    /// <summary>Cancels the callback (like asyncio's <c>handle.cancel()</c>); no effect once it has run. Thread-safe.</summary>
    public void Cancel()
    {
        if (_loop is null) return;
        if (_timer is not null) _loop.CancelTimer(_timer);
        else _loop.CancelReady(_id);
    }
}
