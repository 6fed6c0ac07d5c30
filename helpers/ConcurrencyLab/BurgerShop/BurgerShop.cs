namespace ConcurrencyLab;

/// <summary>
/// Seed 003's burger shop, once it has made its orders: orders, clerks (sync or async) and machines, described by a
/// <see cref="ShopSetup"/>. <see cref="Model"/> answers in virtual minutes, exactly and instantly;
/// <see cref="ModelServer"/> models the shop as a server; <see cref="RunAsync"/> runs the same shop for real, with
/// threads that block or tasks that await, and records what .NET did. Each gives the shop's <see cref="Minutes"/> and
/// its <see cref="Timeline"/> in shop minutes (one shop minute is <c>TimeSpan.FromMinutes(1)</c>), so the chart axis
/// reads minutes and a model and a real run share one axis. A shop that is the last expression of a notebook cell is
/// drawn as its chart.
/// </summary>
public sealed class BurgerShop : IChart
{
    private readonly string _source;

    internal BurgerShop(ShopPlan plan, double minutes, Timeline timeline, TimeSpan? elapsed, string source = "model")
    {
        Plan = plan;
        _source = elapsed is null ? source : "real run";
        Minutes = minutes;
        Timeline = timeline;
        Elapsed = elapsed;
    }

    /// <summary>
    /// The discrete-event model: how many minutes the shop needs for its orders, and the timeline of who did
    /// what when (see <see cref="ShopModel"/> for the rules).
    /// </summary>
    /// <example><code>BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 3, Clerks = 1, Machines = 1, Style = ClerkStyle.Async })</code></example>
    /// <exception cref="ArgumentException">No recipe, fewer than 1 order or clerk, negative machines, or machine
    /// steps with 0 machines; the message says what to change.</exception>
    public static BurgerShop Model(ShopSetup setup) => ShopModel.Run(ShopPlan.Check(setup));

    /// <summary>
    /// The shop as a server, in virtual minutes: the rules of <see cref="Model"/>, except that an async clerk
    /// takes the next order as soon as his hand steps for the current one are done; its machine steps finish
    /// without him (the order is done when they are). That is an async server: its thread takes the next request
    /// while the first one's I/O is pending. A sync clerk is as in <see cref="Model"/>: he stands at the machine
    /// until it is done, as a thread that blocks on I/O is held for the whole request.
    /// </summary>
    /// <example><code>BurgerShop.ModelServer(new ShopSetup(order) { Orders = 60, Clerks = 1, Machines = 8, Style = ClerkStyle.Async })</code></example>
    /// <exception cref="ArgumentException">As for <see cref="Model"/>; the message says what to change.</exception>
    public static BurgerShop ModelServer(ShopSetup setup) => ShopModel.Run(ShopPlan.Check(setup), asServer: true);

    /// <summary>
    /// Runs the shop for real, a shop minute lasting <paramref name="minute"/> (e.g. 100 ms). Every clerk has his
    /// own thread and spins on it for hand work. A sync clerk <c>Thread.Sleep</c>s at the machine (Blocked). An
    /// async clerk runs a small event loop on his thread: he starts the machine steps as <c>Task.Delay</c>s (no
    /// thread held), works by hand, then awaits them. The timeline is converted to shop minutes (so it shares an
    /// axis with the model) and keeps each span's thread id (0 for machine work: no thread).
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Model"/>, or a minute that is not positive, or a run
    /// that would take longer than a minute of wall-clock time.</exception>
    public static Task<BurgerShop> RunAsync(ShopSetup setup, TimeSpan minute) =>
        ShopRealRun.RunAsync(ShopPlan.Check(setup), minute);

    /// <summary>
    /// Several shops on one chart with a shared time axis (model vs real run, or four ways to staff a shop). Each
    /// shop's lanes stay together, in shop order, prefixed by what tells it apart from the others: "model" or
    /// "real run", its clerks and machines, or both.
    /// </summary>
    public static GanttChart Compare(string? title, params BurgerShop[] shops)
    {
        if (shops is null || shops.Length == 0)
            throw new ArgumentException("Compare needs at least one shop, e.g. BurgerShop.Compare(\"model vs real\", model, real).", nameof(shops));
        for (var i = 0; i < shops.Length; i++)
            if (shops[i] is null) throw new ArgumentException($"Shop number {i + 1} passed to Compare is null.", nameof(shops));
        var sources = shops.Select(s => s.IsRealRun).Distinct().Count() > 1;
        var setups = shops.Select(s => s.Plan.Recipe.Name + s.Plan.ShortSetup).Distinct().Count() > 1;
        var recipes = shops.Select(s => s.Plan.Recipe.Name).Distinct().Count() > 1;
        return GanttChart.Combine(title, shops.Select(shop =>
        {
            var parts = new List<string>();
            if (recipes) parts.Add(shop.Plan.Recipe.Name);
            if (setups || !sources) parts.Add(shop.Plan.ShortSetup);
            if (sources) parts.Add(shop.IsRealRun ? "real run" : "model");
            return (string.Join(", ", parts), shop.InShopOrder());
        }));
    }

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

    /// <summary>The shop that ran: recipe, orders, clerks, machines and style.</summary>
    internal ShopSetup Setup => Plan.Setup;

    /// <summary>True for a real run, false for the model.</summary>
    internal bool IsRealRun => Elapsed is not null;

    internal ShopPlan Plan { get; }

    /// <summary>
    /// The shop's Gantt chart, lanes in shop order: clerk 1, clerk 2.., then each machine's stations.
    /// </summary>
    /// <param name="title">Shown above the chart; defaults to this shop's one-line description.</param>
    /// <param name="byThread">Rows by the thread a span ran on instead of by clerk and machine (machine work holds
    /// no thread and keeps its machine lane).</param>
    /// <param name="axisMax">Fixes where the time axis ends (e.g. TimeSpan.FromMinutes(18)), so several shops share one scale.</param>
    public GanttChart ToGantt(string? title = null, bool byThread = false, TimeSpan? axisMax = null) =>
        GanttChart.From(title ?? ToString(), InShopOrder(), byThread, axisMax);

    string IChart.ToHtml() => ToGantt().ToHtml();

    string IChart.ToText() => ToGantt().ToText();

    /// <summary>"3 × burger, 1 async clerk, 1 machine: 9 min (model)"; "(server model)" or "(real run)" for the others.</summary>
    public override string ToString() => Plan.Title(Minutes, _source);

    /// <summary>The spans ordered lane by lane (clerks by number, then machines by number, stations in recipe order).</summary>
    internal IEnumerable<Span> InShopOrder()
    {
        var rank = Plan.LanesInOrder().Select((lane, i) => (lane, i)).ToDictionary(p => p.lane, p => p.i, StringComparer.Ordinal);
        return Timeline.Spans.OrderBy(s => rank.GetValueOrDefault(s.Lane, int.MaxValue)).ThenBy(s => s.Start);
    }
}
