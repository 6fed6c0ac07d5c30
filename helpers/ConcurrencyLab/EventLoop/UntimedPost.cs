namespace ConcurrencyLab;

/// <summary>
/// A callback that reached a virtual loop from a thread the loop did not hand work to (a <c>Task.Run</c>, the
/// thread-pool hop inside <c>Task.WhenEach</c>, a .NET timer, I/O). The loop could not have waited for it before
/// moving its clock, so it ran whenever it arrived: a traced loop wraps it in this to say so in the tick log.
/// </summary>
internal sealed class UntimedPost(EventLoop loop, ReadyItem item)
{
    /// <summary>What the tick log says under the tick that ran such a callback.</summary>
    public const string Note =
        "came from a thread the loop did not start (Task.Run, Task.WhenEach, Task.Delay, I/O): a virtual clock cannot " +
        "wait for such work, so it ran when it arrived, possibly after timers that were due later. " +
        "loop.ToThread and loop.AsCompleted are timed exactly.";

    public static readonly Action<object?> Run = static state =>
    {
        var post = (UntimedPost)state!;
        post.Loop.InvokeItem(post.Item);
    };

    public EventLoop Loop => loop;
    public ReadyItem Item => item;

    /// <summary>The item in its wrapper; it keeps the id, so cancelling it still works.</summary>
    public static ReadyItem Wrap(EventLoop loop, in ReadyItem item) =>
        new() { Callback = Run, State = new UntimedPost(loop, item), Id = item.Id, Name = item.Name };

    /// <summary>The callback inside, and whether it was wrapped.</summary>
    public static ReadyItem Unwrap(in ReadyItem item, out bool untimed)
    {
        untimed = ReferenceEquals(item.Callback, Run);
        return untimed ? ((UntimedPost)item.State!).Item : item;
    }
}
