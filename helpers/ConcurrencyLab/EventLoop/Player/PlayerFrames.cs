namespace ConcurrencyLab;

/// <summary>
/// Turns a traced run (its ticks, its tasks, what was left queued at the end) into player frames: one per tick,
/// with each task's state worked out by walking the ticks in order.
/// </summary>
internal static class PlayerFrames
{
    public static IReadOnlyList<PlayerFrame> Build(IReadOnlyList<Tick> ticks, IReadOnlyList<LoopTask> tasks, IReadOnlyList<TickCallback> leftInQueue)
    {
        var frames = new PlayerFrame[ticks.Count];
        var lastStep = new Dictionary<LoopTask, TickCallback>();
        for (int i = 0; i < ticks.Count; i++)
        {
            var tick = ticks[i];
            var next = i + 1 < ticks.Count && ticks[i + 1].Number == tick.Number + 1 ? ticks[i + 1] : null;
            var joined = next is null
                ? (i == ticks.Count - 1 ? leftInQueue : [])
                : next.Queue.Where(c => c.Origin == QueueOrigin.Scheduled).ToArray();

            var steppedNow = new Dictionary<LoopTask, TickCallback>();
            foreach (var callback in tick.Queue)
                if (callback.SteppedTask is { } task) steppedNow[task] = callback; // the last step of it in this tick
            var stepsNext = new HashSet<LoopTask>();
            if (next is not null)
                foreach (var callback in next.Queue)
                    if (callback.SteppedTask is { } task && callback.Origin == QueueOrigin.Scheduled) stepsNext.Add(task);

            var snapshots = new List<TaskSnapshot>();
            foreach (var task in tasks)
            {
                if (task.CreatedInTick > tick.Number) break; // creation order: the rest come later
                lastStep.TryGetValue(task, out var previous);
                if (previous is { TaskFinished: true })
                {
                    snapshots.Add(new TaskSnapshot(task.Name, TaskPhase.Done, null));
                    continue;
                }
                if (steppedNow.TryGetValue(task, out var step))
                {
                    snapshots.Add(new TaskSnapshot(task.Name, TaskPhase.Running, step.TaskFinished ? "finished" : AwaitsText(step.Awaits)));
                    lastStep[task] = step;
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
            frames[i] = new PlayerFrame(tick, joined, snapshots) { IsLast = i == ticks.Count - 1 };
        }
        return frames;
    }

    private static string AwaitsText(string? awaits) => "awaits " + (awaits ?? "something not recorded");
}
