namespace ConcurrencyLab;

/// <summary>
/// What a burger shop did with its orders, from the model (<see cref="BurgerShop.Model"/>) or a real run
/// (<see cref="BurgerShop.RunAsync"/>). Both draw their timeline in shop minutes (one shop minute is
/// <c>TimeSpan.FromMinutes(1)</c>), so the chart axis reads minutes and a model and a real run share one axis.
/// A shop that is the last expression of a notebook cell is drawn as its chart.
/// </summary>
public sealed class ShopResult : IChart
{
    private readonly ShopPlan _plan;
    private readonly string _source;

    internal ShopResult(ShopPlan plan, double minutes, Timeline timeline, TimeSpan? elapsed, string source = "model")
    {
        _plan = plan;
        _source = elapsed is null ? source : "real run";
        Minutes = minutes;
        Timeline = timeline;
        Elapsed = elapsed;
    }

    /// <summary>The shop that ran: recipe, orders, clerks, machines and style.</summary>
    internal ShopSetup Setup => _plan.Setup;

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
    internal bool IsRealRun => Elapsed is not null;

    internal ShopPlan Plan => _plan;

    /// <summary>
    /// The shop's Gantt chart, lanes in shop order: clerk 1, clerk 2.., then each machine's stations.
    /// </summary>
    /// <param name="title">Shown above the chart; defaults to this result's one-line description.</param>
    /// <param name="laneBy">Rows by clerk and machine (Lane), by the thread a span ran on (Thread; machine work
    /// holds no thread and keeps its machine lane), or by step name (Name).</param>
    /// <param name="axisMax">Fixes where the time axis ends (e.g. TimeSpan.FromMinutes(18)), so several shops share one scale.</param>
    public GanttChart ToGantt(string? title = null, LaneBy laneBy = LaneBy.Lane, TimeSpan? axisMax = null) =>
        GanttChart.From(title ?? ToString(), InShopOrder(), laneBy, axisMax);

    string IChart.ToHtml() => ToGantt().ToHtml();

    string IChart.ToText() => ToGantt().ToText();

    /// <summary>"3 × burger, 1 async clerk, 1 machine: 9 min (model)"; "(server model)" or "(real run)" for the others.</summary>
    public override string ToString() => _plan.Title(Minutes, _source);

    /// <summary>The spans ordered lane by lane (clerks by number, then machines by number, stations in recipe order).</summary>
    internal IEnumerable<Span> InShopOrder()
    {
        var rank = _plan.LanesInOrder().Select((lane, i) => (lane, i)).ToDictionary(p => p.lane, p => p.i, StringComparer.Ordinal);
        return Timeline.Spans.OrderBy(s => rank.GetValueOrDefault(s.Lane, int.MaxValue)).ThenBy(s => s.Start);
    }
}
