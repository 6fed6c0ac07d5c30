namespace ConcurrencyLab;

/// <summary>
/// The discrete-event model of a shop, in virtual minutes: exact and instant.
/// <para>
/// Rules (seed 003's shop, made precise): orders are taken first come, first served. A clerk takes the next
/// order when he is free and, if the recipe uses a machine, a machine is free; he claims that machine for the
/// order, and it serves nobody else until the order's last machine step ends (a machine makes one burger at a
/// time, but its stations, griddle and toaster, may work at once). A sync clerk does the steps in the recipe's
/// order and stands at the machine while it works. An async clerk starts every machine step at once, then does
/// the hand steps, then waits (holding nothing) for the machine if it is not done yet. Either clerk takes his
/// next order only when the current one is done.
/// </para>
/// <para>
/// Since every order is the same, each order starts at max(earliest free clerk, earliest free machine), and
/// which free clerk or machine takes it never changes the minutes: the lowest-numbered one does, so charts read
/// clerk 1, clerk 2... Cost: O(orders × (clerks + machines)).
/// </para>
/// </summary>
internal static class ShopModel
{
    /// <param name="plan">The checked shop.</param>
    /// <param name="asServer">False: every clerk finishes an order before he takes the next (the rules above).
    /// True: an async clerk takes the next order as soon as his hand steps are done, leaving the order's machine
    /// steps to finish without him, as an async server's thread takes the next request while the first one's I/O
    /// is pending; a sync clerk is unchanged (he stands at the machine: a thread held through the I/O).</param>
    public static BurgerShop Run(ShopPlan plan, bool asServer = false)
    {
        var recipe = plan.Recipe;
        var orderMinutes = recipe.MinutesPerOrder(plan.Style);
        var clerkMinutes = asServer && plan.Style == ClerkStyle.Async
            ? recipe.Steps.Where(s => !s.IsOnMachine).Sum(s => s.Minutes)
            : orderMinutes;
        var machineMinutes = recipe.MachineMinutes(plan.Style);
        var clerkFree = new double[plan.Clerks];
        var machineFree = new double[recipe.UsesMachine ? plan.Machines : 0];
        var stations = Enumerable.Range(0, machineFree.Length).Select(plan.StationLanes).ToArray();
        var spans = new List<Planned>(plan.Orders * (recipe.Steps.Count * 2 + 1));
        var makespan = 0.0;

        for (var order = 0; order < plan.Orders; order++)
        {
            var start = clerkFree.Min();
            if (machineFree.Length > 0) start = Math.Max(start, machineFree.Min());
            var clerk = FirstFreeAt(clerkFree, start);
            clerkFree[clerk] = start + clerkMinutes;
            var machine = -1;
            if (machineFree.Length > 0)
            {
                machine = FirstFreeAt(machineFree, start);
                machineFree[machine] = start + machineMinutes;
            }
            makespan = Math.Max(makespan, start + orderMinutes);
            AddOrder(spans, plan, order, start, plan.ClerkLane(clerk), clerk, machine < 0 ? null : stations[machine], machine, awaitsMachine: !asServer);
        }

        var source = asServer ? "server model" : "model";
        var timeline = new Timeline(plan.Title(makespan, source));
        // Same start: clerks before machines, lower numbers first, so lanes read clerk 1, clerk 2.., machine 1..
        foreach (var s in spans.OrderBy(s => s.Start).ThenBy(s => s.IsMachine).ThenBy(s => s.Unit))
            timeline.Add(s.Name, s.Lane, TimeSpan.FromMinutes(s.Start), TimeSpan.FromMinutes(s.End), s.Kind);
        return new BurgerShop(plan, makespan, timeline, elapsed: null, source);
    }

    private static int FirstFreeAt(double[] freeAt, double time)
    {
        for (var i = 0; i < freeAt.Length; i++)
            if (freeAt[i] <= time) return i;
        throw new InvalidOperationException("Nobody is free at the start time: the model's bookkeeping is wrong.");
    }

    private static void AddOrder(List<Planned> spans, ShopPlan plan, int order, double start, string clerkLane, int clerk, string[]? stationLanes, int machine, bool awaitsMachine)
    {
        var steps = plan.Recipe.Steps;
        var label = $"order {order + 1}";
        if (plan.Style == ClerkStyle.Sync)
        {
            var at = start;
            for (var i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                if (step.IsOnMachine)
                {
                    spans.Add(new($"{label}: stands at {step.Name}", clerkLane, at, at + step.Minutes, SpanKind.Blocked, false, clerk));
                    spans.Add(new($"{label}: {step.Name}", stationLanes![i], at, at + step.Minutes, SpanKind.Waiting, true, machine));
                }
                else
                {
                    spans.Add(new($"{label}: {step.Name}", clerkLane, at, at + step.Minutes, SpanKind.Cpu, false, clerk));
                }
                at += step.Minutes;
            }
            return;
        }

        var handAt = start;
        var machineDone = start;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step.IsOnMachine)
            {
                spans.Add(new($"{label}: {step.Name}", stationLanes![i], start, start + step.Minutes, SpanKind.Waiting, true, machine));
                machineDone = Math.Max(machineDone, start + step.Minutes);
            }
            else
            {
                spans.Add(new($"{label}: {step.Name}", clerkLane, handAt, handAt + step.Minutes, SpanKind.Cpu, false, clerk));
                handAt += step.Minutes;
            }
        }
        if (awaitsMachine && machineDone > handAt) // hands done first: he awaits the machine, holding no thread
            spans.Add(new($"{label}: awaits the machine", clerkLane, handAt, machineDone, SpanKind.Waiting, false, clerk));
    }

    private readonly record struct Planned(string Name, string Lane, double Start, double End, SpanKind Kind, bool IsMachine, int Unit);
}
