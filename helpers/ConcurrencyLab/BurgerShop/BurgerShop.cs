namespace ConcurrencyLab;

/// <summary>
/// Seed 003's burger shop: orders, clerks (sync or async) and machines. <see cref="Model"/> answers in virtual
/// minutes, exactly and instantly; <see cref="RunAsync"/> runs the same shop for real, with threads that block
/// or tasks that await, and records what .NET did.
/// </summary>
public static partial class BurgerShop
{
    /// <summary>
    /// The discrete-event model: how many minutes the shop needs for its orders, and the timeline of who did
    /// what when (see <see cref="ShopModel"/> for the rules).
    /// </summary>
    /// <example><code>BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 3, Clerks = 1, Machines = 1, Style = ClerkStyle.Async })</code></example>
    /// <exception cref="ArgumentException">No recipe, fewer than 1 order or clerk, negative machines, or machine
    /// steps with 0 machines; the message says what to change.</exception>
    public static ShopResult Model(ShopSetup setup) => ShopModel.Run(ShopPlan.Check(setup));

    /// <summary>
    /// Runs the shop for real, a shop minute lasting <paramref name="minute"/> (e.g. 100 ms). Every clerk has his
    /// own thread and spins on it for hand work. A sync clerk <c>Thread.Sleep</c>s at the machine (Blocked). An
    /// async clerk runs a small event loop on his thread: he starts the machine steps as <c>Task.Delay</c>s (no
    /// thread held), works by hand, then awaits them. The result's timeline is converted to shop minutes (so it
    /// shares an axis with the model) and keeps each span's thread id (0 for machine work: no thread).
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Model"/>, or a minute that is not positive, or a run
    /// that would take longer than a minute of wall-clock time.</exception>
    public static Task<ShopResult> RunAsync(ShopSetup setup, TimeSpan minute) =>
        ShopRealRun.RunAsync(ShopPlan.Check(setup), minute);

    /// <summary>
    /// Several shops on one chart with a shared time axis (model vs real run, or four ways to staff a shop). Each
    /// shop's lanes stay together, in shop order, prefixed by what tells it apart from the others: "model" or
    /// "real run", its clerks and machines, or both.
    /// </summary>
    public static GanttChart Compare(string? title, params ShopResult[] shops)
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
}
