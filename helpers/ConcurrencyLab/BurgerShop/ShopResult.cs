namespace ConcurrencyLab;

/// <summary>
/// What a burger shop did with its orders, from the model (<see cref="BurgerShop.Model"/>) or a real run
/// (<see cref="BurgerShop.RunAsync"/>). Both draw their timeline in shop minutes (one shop minute is
/// <c>TimeSpan.FromMinutes(1)</c>), so the chart axis reads minutes and a model and a real run share one axis.
/// </summary>
[TypeFormatterSource(typeof(ChartFormatterSource))]
public sealed class ShopResult
{
    internal ShopResult(Recipe recipe, int orders, int clerks, int machines, ClerkStyle style, double minutes, Timeline timeline, TimeSpan? elapsed)
    {
        Recipe = recipe;
        Orders = orders;
        Clerks = clerks;
        Machines = machines;
        Style = style;
        Minutes = minutes;
        Timeline = timeline;
        Elapsed = elapsed;
    }

    public Recipe Recipe { get; }
    public int Orders { get; }
    public int Clerks { get; }
    public int Machines { get; }
    public ClerkStyle Style { get; }

    /// <summary>The makespan in shop minutes: from opening until the last order is done.</summary>
    public double Minutes { get; }

    /// <summary>
    /// Lanes "clerk 1".. (his hand work as Cpu; a sync clerk standing at the machine as Blocked) and
    /// "machine 1 · patty".. (one lane per station of each machine: its work, drawn as Waiting, the I/O
    /// the clerk waits on). Times are shop minutes; a real run's spans keep the thread they ran on.
    /// </summary>
    public Timeline Timeline { get; }

    /// <summary>The wall-clock time of a real run; null for the model.</summary>
    public TimeSpan? Elapsed { get; }

    /// <summary>True for a real run, false for the model.</summary>
    public bool IsRealRun => Elapsed is not null;

    /// <summary>
    /// The shop's Gantt chart, lanes in shop order: clerk 1, clerk 2.., then each machine's stations
    /// (a shop is also drawn this way when it is the last expression of a notebook cell).
    /// </summary>
    /// <param name="title">Shown above the chart; defaults to this result's one-line description.</param>
    /// <param name="laneBy">Rows by clerk and machine (Lane), by the thread a span ran on (Thread; machine work
    /// holds no thread and keeps its machine lane), or by step name (Name).</param>
    /// <param name="axisMax">Fixes where the time axis ends (e.g. TimeSpan.FromMinutes(18)), so several shops share one scale.</param>
    public GanttChart ToGantt(string? title = null, LaneBy laneBy = LaneBy.Lane, TimeSpan? axisMax = null)
    {
        if (!Enum.IsDefined(laneBy))
            throw new ArgumentException($"Unknown LaneBy {laneBy}: use Lane, Thread or Name.", nameof(laneBy));
        var bars = InShopOrder(Timeline.Spans).Select(s => laneBy switch
        {
            LaneBy.Thread => s.ThreadId == 0 ? s : s with { Lane = Timeline.ThreadLane(s.ThreadId) },
            LaneBy.Name => s with { Lane = s.Name },
            _ => s,
        });
        if (laneBy == LaneBy.Name) bars = bars.OrderBy(s => s.Start);
        return new(title ?? ToString(), bars, axisMax);
    }

    /// <summary>"3 × burger, 1 async clerk, 1 machine: 9 min (model)".</summary>
    public override string ToString() =>
        new ShopPlan(Recipe, Orders, Clerks, Machines, Style).Title(Minutes, IsRealRun ? "real run" : "model");

    /// <summary>"3 async, 3 machines": tells shops apart in a comparison (short: it prefixes every lane).</summary>
    internal string Setup => $"{Clerks} {(Style == ClerkStyle.Sync ? "sync" : "async")}, {Describe(Machines, "machine")}";

    /// <summary>Spans ordered lane by lane (clerks by number, then machines by number, stations in recipe order).</summary>
    internal IEnumerable<Span> InShopOrder(IEnumerable<Span> spans)
    {
        var plan = new ShopPlan(Recipe, Orders, Clerks, Machines, Style);
        var lanes = Enumerable.Range(0, Clerks).Select(plan.ClerkLane)
            .Concat(Enumerable.Range(0, Machines).SelectMany(m => plan.StationLanes(m).OfType<string>()))
            .Select((lane, rank) => (lane, rank))
            .ToDictionary(p => p.lane, p => p.rank, StringComparer.Ordinal);
        return spans.OrderBy(s => lanes.GetValueOrDefault(s.Lane, int.MaxValue)).ThenBy(s => s.Start);
    }

    internal static string Describe(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
