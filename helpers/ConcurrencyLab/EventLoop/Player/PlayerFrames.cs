using System.Collections;

namespace ConcurrencyLab;

/// <summary>
/// The frames of a traced run (its ticks, its tasks, what was left queued at the end), one per tick, each task's
/// state worked out by walking the ticks in order. Built as far as someone looks: a run of thousands of ticks
/// and tasks costs only the frames shown.
/// </summary>
internal sealed class PlayerFrames(IReadOnlyList<Tick> ticks, IReadOnlyList<LoopTask> tasks, IReadOnlyList<TickCallback> leftInQueue)
    : IReadOnlyList<PlayerFrame>
{
    private readonly List<PlayerFrame> _built = new();
    private readonly Dictionary<LoopTask, TickCallback> _lastStep = new(); // each task's latest step so far

    public int Count => ticks.Count;

    public PlayerFrame this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ticks.Count);
            lock (_built)
            {
                while (_built.Count <= index) _built.Add(Build(_built.Count));
                return _built[index];
            }
        }
    }

    public IEnumerator<PlayerFrame> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private PlayerFrame Build(int i)
    {
        var tick = ticks[i];
        var next = i + 1 < ticks.Count && ticks[i + 1].Number == tick.Number + 1 ? ticks[i + 1] : null;
        var joined = next is null
            ? (i == ticks.Count - 1 ? leftInQueue : [])
            : next.Queue.Where(c => c.Origin == QueueOrigin.Scheduled).ToArray();

        var steppedNow = new Dictionary<LoopTask, TickCallback>();
        foreach (var callback in tick.Queue)
            if (callback.SteppedTask is { } task) steppedNow[task] = callback; // its last step in this tick
        var stepsNext = new HashSet<LoopTask>();
        if (next is not null)
            foreach (var callback in next.Queue)
                if (callback.SteppedTask is { } task && callback.Origin == QueueOrigin.Scheduled) stepsNext.Add(task);

        var snapshots = new List<TaskSnapshot>();
        foreach (var task in tasks)
        {
            if (task.CreatedInTick > tick.Number) break; // creation order: the rest come later
            _lastStep.TryGetValue(task, out var previous);
            if (previous is { TaskFinished: true })
            {
                snapshots.Add(new TaskSnapshot(task.Name, TaskPhase.Done, null));
                continue;
            }
            if (steppedNow.TryGetValue(task, out var step))
            {
                snapshots.Add(new TaskSnapshot(task.Name, TaskPhase.Running, step.TaskFinished ? "finished" : AwaitsText(step.Awaits)));
                _lastStep[task] = step;
                continue;
            }
            if (previous is null)
            {
                snapshots.Add(new TaskSnapshot(task.Name, TaskPhase.Created, stepsNext.Contains(task) ? "its first step runs in the next tick" : "its first step is queued"));
                continue;
            }
            snapshots.Add(stepsNext.Contains(task)
                ? new TaskSnapshot(task.Name, TaskPhase.Ready, "woken: its next step runs in the next tick")
                : new TaskSnapshot(task.Name, TaskPhase.Waiting, AwaitsText(previous.Awaits)));
        }
        return new PlayerFrame(tick, joined, snapshots) { IsLast = i == ticks.Count - 1 };
    }

    private static string AwaitsText(string? awaits) => "awaits " + (awaits ?? "something not recorded");
}
