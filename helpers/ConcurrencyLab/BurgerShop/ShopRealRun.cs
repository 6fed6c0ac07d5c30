namespace ConcurrencyLab;

/// <summary>
/// The shop run for real, at a chosen length of a shop minute, recording real spans with thread ids.
/// Same rules as <see cref="ShopModel"/>: first come first served, a machine claimed with the order and released
/// when the order's last machine step ends, a clerk's next order only when his current one is done.
/// Every clerk has his own thread, and hand work spins on it (his hands are busy: the thread is occupied,
/// whatever his style). A sync clerk's thread sleeps at the machine (Blocked). An async clerk's thread runs his
/// own small event loop (<see cref="SingleThreadContext"/>, like asyncio's): he starts every machine step as a
/// <c>Task.Delay</c> (no thread held), works by hand, then awaits them. Giving each async clerk his own thread,
/// rather than the shared thread pool, keeps his hand work from queueing behind other clerks' for a pool thread
/// on a small machine, so the run measures the shop and not the pool's thread injection (lesson 04's subject).
/// </summary>
internal sealed class ShopRealRun
{
    /// <summary>Longest run we agree to start: a notebook cell should answer within a minute.</summary>
    internal static readonly TimeSpan MaxWallClock = TimeSpan.FromSeconds(60);

    /// <summary>Every clerk is a real thread; past this many, use the model.</summary>
    internal const int MaxClerks = 200;

    private readonly ShopPlan _plan;
    private readonly TimeSpan _minute;
    private readonly Timeline _raw = new();
    private readonly MachinePool? _machines;
    private int _lastOrder = -1;

    private ShopRealRun(ShopPlan plan, TimeSpan minute)
    {
        _plan = plan;
        _minute = minute;
        _machines = plan.Recipe.UsesMachine ? new MachinePool(plan.Machines) : null;
    }

    /// <summary>Checks the run is reasonable (throwing at the call, not in the task), then starts it.</summary>
    public static Task<BurgerShop> RunAsync(ShopPlan plan, TimeSpan minute)
    {
        if (minute <= TimeSpan.Zero)
            throw new ArgumentException($"minute is {minute}: say how long a shop minute lasts for real, e.g. TimeSpan.FromMilliseconds(100).", nameof(minute));
        var expected = ShopModel.Run(plan).Minutes;
        if (expected * minute.Ticks > MaxWallClock.Ticks)
            throw new ArgumentException($"This run would take about {expected * minute.TotalSeconds:0} s of real time (the model says {expected:0.##} shop minutes of {minute.TotalMilliseconds:0.##} ms): keep it under {MaxWallClock.TotalSeconds:0} s with fewer orders or a shorter minute, or use BurgerShop.Model.", nameof(minute));
        if (plan.Clerks > MaxClerks)
            throw new ArgumentException($"{plan.Clerks} clerks would be {plan.Clerks} threads: use at most {MaxClerks} in a real run, or BurgerShop.Model for bigger shops.", nameof(ShopSetup.Clerks));

        return new ShopRealRun(plan, minute).RunOnceAsync();
    }

    private async Task<BurgerShop> RunOnceAsync()
    {
        try
        {
            return await RunClerksAsync().ConfigureAwait(false);
        }
        finally
        {
            _machines?.Dispose();
        }
    }

    private async Task<BurgerShop> RunClerksAsync()
    {
        var clerks = Enumerable.Range(0, _plan.Clerks);
        var all = clerks.Select(StartClerk).ToArray();
        await Task.WhenAll(all).ConfigureAwait(false);
        var elapsed = _raw.Now;
        var lastEnd = _raw.Spans.Max(s => s.End);
        var minutes = lastEnd / _minute;
        return new BurgerShop(_plan, minutes, InShopMinutes(minutes), elapsed);
    }

    /// <summary>Every clerk gets his own thread: a sync one blocks on it, an async one runs his loop on it.</summary>
    private Task StartClerk(int clerk)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                if (_plan.Style == ClerkStyle.Sync) SyncClerk(clerk);
                else SingleThreadContext.Run(() => AsyncClerk(clerk));
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        { IsBackground = true, Name = _plan.ClerkLane(clerk) };
        thread.Start();
        return done.Task;
    }

    private void SyncClerk(int clerk)
    {
        var lane = _plan.ClerkLane(clerk);
        var steps = _plan.Recipe.Steps;
        var lastMachineStep = steps.ToList().FindLastIndex(s => s.IsOnMachine);
        while (true)
        {
            var machine = _machines?.Claim() ?? -1;
            var order = TakeOrder();
            if (order < 0)
            {
                if (machine >= 0) _machines!.Release(machine);
                return;
            }
            var stations = machine >= 0 ? _plan.StationLanes(machine) : null;
            for (var i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                var name = $"order {order + 1}: {step.Name}";
                if (step.IsOnMachine)
                {
                    // He stands at the machine: the thread sleeps, held but idle, until the machine is done.
                    var start = _raw.Now;
                    Thread.Sleep(Real(step));
                    var end = _raw.Now;
                    _raw.Add($"order {order + 1}: stands at {step.Name}", lane, start, end, SpanKind.Blocked, Environment.CurrentManagedThreadId);
                    _raw.Add(name, stations![i], start, end, SpanKind.Waiting);
                    if (i == lastMachineStep) _machines!.Release(machine);
                }
                else
                {
                    _raw.Cpu(name, Real(step), lane);
                }
            }
        }
    }

    private async Task AsyncClerk(int clerk)
    {
        var lane = _plan.ClerkLane(clerk);
        var steps = _plan.Recipe.Steps;
        while (true)
        {
            // No ConfigureAwait(false) in here: each await resumes on the clerk's own loop thread.
            var machine = _machines is null ? -1 : await _machines.ClaimAsync();
            var order = TakeOrder();
            if (order < 0)
            {
                if (machine >= 0) _machines!.Release(machine);
                return;
            }
            var label = $"order {order + 1}";
            var stations = machine >= 0 ? _plan.StationLanes(machine) : null;
            var cooking = new List<Task>();
            for (var i = 0; i < steps.Count; i++)
                if (steps[i].IsOnMachine) cooking.Add(MachineStep($"{label}: {steps[i].Name}", stations![i], Real(steps[i])));
            var machineDone = cooking.Count == 0 ? Task.CompletedTask : ReleaseWhenDone(Task.WhenAll(cooking), machine);

            foreach (var step in steps.Where(s => !s.IsOnMachine))
                _raw.Cpu($"{label}: {step.Name}", Real(step), lane);

            if (!machineDone.IsCompleted)
                await _raw.Track($"{label}: awaits the machine", () => machineDone, lane);
            await machineDone; // surfaces a failure, if any
        }
    }

    private async Task MachineStep(string name, string station, TimeSpan duration)
    {
        // The machine works on its own: no thread is held (thread id 0) until the delay completes.
        var start = _raw.Now;
        await Task.Delay(duration).ConfigureAwait(false);
        _raw.Add(name, station, start, _raw.Now, SpanKind.Waiting);
    }

    private async Task ReleaseWhenDone(Task cooking, int machine)
    {
        try
        {
            await cooking.ConfigureAwait(false);
        }
        finally
        {
            _machines!.Release(machine);
        }
    }

    private int TakeOrder()
    {
        var order = Interlocked.Increment(ref _lastOrder);
        return order < _plan.Orders ? order : -1;
    }

    private TimeSpan Real(Step step) => TimeSpan.FromTicks(Math.Max(1, (long)Math.Round(step.Minutes * _minute.Ticks)));

    /// <summary>The recorded spans, rescaled from wall-clock time to shop minutes, thread ids kept.</summary>
    private Timeline InShopMinutes(double minutes)
    {
        var scale = TimeSpan.FromMinutes(1).Ticks / (double)_minute.Ticks;
        var shop = new Timeline(_plan.Title(minutes, $"real run, 1 min = {_minute.TotalMilliseconds:0.##} ms"));
        foreach (var s in _raw.Spans)
            shop.Add(s.Name, s.Lane, Scale(s.Start), Scale(s.End), s.Kind, s.ThreadId);
        return shop;

        TimeSpan Scale(TimeSpan t) => TimeSpan.FromTicks((long)Math.Round(t.Ticks * scale));
    }
}
