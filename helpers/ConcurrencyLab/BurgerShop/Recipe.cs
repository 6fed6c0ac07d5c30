namespace ConcurrencyLab;

/// <summary>What one order is made of: steps on a machine (I/O) and steps by hand (CPU), in order.</summary>
public sealed class Recipe
{
    private readonly Step[] _steps;

    public Recipe(string name, params Step[] steps)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A recipe needs a name, e.g. new Recipe(\"burger\", ...): it titles the charts.", nameof(name));
        if (steps is null || steps.Length == 0)
            throw new ArgumentException($"Recipe '{name}' has no steps: add at least one, e.g. Step.ByHand(\"cut\", 2) or Step.OnMachine(\"bake\", 3).", nameof(steps));
        for (var i = 0; i < steps.Length; i++)
        {
            if (steps[i] is null)
                throw new ArgumentException($"Step {i + 1} of recipe '{name}' is null: build each step with Step.OnMachine or Step.ByHand.", nameof(steps));
        }
        Name = name;
        _steps = (Step[])steps.Clone(); // the caller's array may change later; the recipe must not
    }

    /// <summary>Seed 003's burger: patty 1 min and bun 2 min on the machine, vegetables 3 min by hand.</summary>
    public static Recipe Burger { get; } = new("burger",
        Step.OnMachine("patty", 1),
        Step.OnMachine("bun", 2),
        Step.ByHand("vegetables", 3));

    /// <summary>
    /// Seed 003's counter-case, pepper pork stir-fry: cut the vegetables, cut the meat, stir-fry, all by hand.
    /// Nothing to wait for, so an async clerk has nothing to overlap.
    /// </summary>
    public static Recipe StirFry { get; } = new("stir-fry",
        Step.ByHand("cut vegetables", 2),
        Step.ByHand("cut meat", 2),
        Step.ByHand("stir-fry", 2));

    public string Name { get; }

    public IReadOnlyList<Step> Steps => _steps;

    /// <summary>True if any step needs a machine (then a shop needs at least one).</summary>
    public bool UsesMachine => _steps.Any(s => s.IsOnMachine);

    /// <summary>
    /// How long one order takes a clerk with nobody in his way: a sync clerk adds up every step; an async
    /// clerk's machine steps run beside his hand work, so it is the longer of the longest machine step and
    /// the hand steps together.
    /// </summary>
    internal double MinutesPerOrder(ClerkStyle style) => style switch
    {
        ClerkStyle.Sync => _steps.Sum(s => s.Minutes),
        ClerkStyle.Async => Math.Max(MachineMinutes(ClerkStyle.Async), _steps.Where(s => !s.IsOnMachine).Sum(s => s.Minutes)),
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, "Use ClerkStyle.Sync or ClerkStyle.Async."),
    };

    /// <summary>
    /// How long an order keeps its machine, from the order's start until its last machine step ends
    /// (0 without machine steps). Sync: up to the end of the last machine step in recipe order; async: the
    /// longest machine step, since all of them start together.
    /// </summary>
    internal double MachineMinutes(ClerkStyle style)
    {
        if (!UsesMachine) return 0;
        if (style == ClerkStyle.Async) return _steps.Where(s => s.IsOnMachine).Max(s => s.Minutes);
        var last = Array.FindLastIndex(_steps, s => s.IsOnMachine);
        return _steps.Take(last + 1).Sum(s => s.Minutes);
    }

    public override string ToString() => $"{Name}: {string.Join(", ", _steps.Select(s => s.ToString()))}";
}
