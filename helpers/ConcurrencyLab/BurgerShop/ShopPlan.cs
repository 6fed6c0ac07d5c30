namespace ConcurrencyLab;

/// <summary>The checked inputs of a shop, shared by the model and the real run.</summary>
internal sealed record ShopPlan(Recipe Recipe, int Orders, int Clerks, int Machines, ClerkStyle Style)
{
    public static ShopPlan Check(Recipe recipe, int orders, int clerks, int machines, ClerkStyle style)
    {
        if (recipe is null)
            throw new ArgumentException("The shop needs a recipe: pass Recipe.Burger, Recipe.StirFry or your own new Recipe(\"name\", steps...).", nameof(recipe));
        if (orders < 1)
            throw new ArgumentException($"orders is {orders}: a shop needs at least 1 order to make.", nameof(orders));
        if (clerks < 1)
            throw new ArgumentException($"clerks is {clerks}: a shop needs at least 1 clerk.", nameof(clerks));
        if (machines < 0)
            throw new ArgumentException($"machines is {machines}: give the shop at least 0 machines (0 only if every step of the recipe is by hand).", nameof(machines));
        if (machines == 0 && recipe.UsesMachine)
            throw new ArgumentException($"Recipe '{recipe.Name}' has machine steps ({string.Join(", ", recipe.Steps.Where(s => s.IsOnMachine).Select(s => s.Name))}) but the shop has 0 machines: give it at least 1 machine, or make those steps Step.ByHand.", nameof(machines));
        if (!Enum.IsDefined(style))
            throw new ArgumentException($"Unknown clerk style {style}: use ClerkStyle.Sync or ClerkStyle.Async.", nameof(style));
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

    /// <summary>"3 × burger, 1 async clerk, 1 machine: 9 min (model)": the chart title.</summary>
    public string Title(double minutes, string source) =>
        $"{Orders} × {Recipe.Name}, {ShopResult.Describe(Clerks, Style == ClerkStyle.Sync ? "sync clerk" : "async clerk")}, " +
        $"{ShopResult.Describe(Machines, "machine")}: {minutes.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} min ({source})";
}
