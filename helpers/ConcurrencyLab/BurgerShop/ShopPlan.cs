namespace ConcurrencyLab;

/// <summary>The checked inputs of a shop, shared by the model and the real run, with the lane names they give.</summary>
internal sealed record ShopPlan(Recipe Recipe, int Orders, int Clerks, int Machines, ClerkStyle Style)
{
    public static ShopPlan Check(ShopSetup setup)
    {
        if (setup is null)
            throw new ArgumentNullException(nameof(setup), "Describe the shop, e.g. new ShopSetup(Recipe.Burger) { Orders = 3, Clerks = 1, Machines = 1 }.");
        var (recipe, orders, clerks, machines, style) = (setup.Recipe, setup.Orders, setup.Clerks, setup.Machines, setup.Style);
        if (recipe is null)
            throw new ArgumentException("The shop needs a recipe: pass Recipe.Burger, Recipe.StirFry or your own new Recipe(\"name\", steps...).", nameof(ShopSetup.Recipe));
        if (orders < 1)
            throw new ArgumentException($"Orders is {orders}: a shop needs at least 1 order to make.", nameof(ShopSetup.Orders));
        if (clerks < 1)
            throw new ArgumentException($"Clerks is {clerks}: a shop needs at least 1 clerk.", nameof(ShopSetup.Clerks));
        if (machines < 0)
            throw new ArgumentException($"Machines is {machines}: give the shop at least 0 machines (0 only if every step of the recipe is by hand).", nameof(ShopSetup.Machines));
        if (machines == 0 && recipe.UsesMachine)
            throw new ArgumentException($"Recipe '{recipe.Name}' has machine steps ({string.Join(", ", recipe.Steps.Where(s => s.IsOnMachine).Select(s => s.Name))}) but the shop has 0 machines: give it at least 1 machine, or make those steps Step.ByHand.", nameof(ShopSetup.Machines));
        if (!Enum.IsDefined(style))
            throw new ArgumentException($"Unknown clerk style {style}: use ClerkStyle.Sync or ClerkStyle.Async.", nameof(ShopSetup.Style));
        return new ShopPlan(recipe, orders, clerks, machines, style);
    }

    public string ClerkLane(int clerk) => $"clerk {clerk + 1}";

    /// <summary>One lane per machine station ("machine 2 · bun"), numbered if two machine steps share a name.</summary>
    public string[] StationLanes(int machine)
    {
        var lanes = new string[Recipe.Steps.Count];
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < lanes.Length; i++)
        {
            var step = Recipe.Steps[i];
            if (!step.IsOnMachine) continue;
            seen[step.Name] = seen.GetValueOrDefault(step.Name) + 1;
            var station = seen[step.Name] == 1 ? step.Name : $"{step.Name} {seen[step.Name]}";
            lanes[i] = $"machine {machine + 1} · {station}";
        }
        return lanes;
    }

    /// <summary>The setup these inputs were checked from.</summary>
    public ShopSetup Setup => new(Recipe) { Orders = Orders, Clerks = Clerks, Machines = Machines, Style = Style };

    /// <summary>"3 × burger, 1 async clerk, 1 machine: 9 min (model)": the chart title.</summary>
    public string Title(double minutes, string source) =>
        $"{Orders} × {Recipe.Name}, {Describe(Clerks, Style == ClerkStyle.Sync ? "sync clerk" : "async clerk")}, " +
        $"{Describe(Machines, "machine")}: {minutes.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} min ({source})";

    /// <summary>"3 async, 3 machines": tells shops apart in a comparison (short: it prefixes every lane).</summary>
    public string ShortSetup => $"{Clerks} {(Style == ClerkStyle.Sync ? "sync" : "async")}, {Describe(Machines, "machine")}";

    /// <summary>Every lane of this shop in chart order: clerks by number, then each machine's stations in recipe order.</summary>
    public IEnumerable<string> LanesInOrder() =>
        Enumerable.Range(0, Clerks).Select(ClerkLane)
            .Concat(Enumerable.Range(0, Machines).SelectMany(m => StationLanes(m).OfType<string>()));

    private static string Describe(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
