namespace ConcurrencyLab;

/// <summary>
/// One step of a <see cref="Recipe"/>: either done on a machine (the clerk starts it and the machine does the
/// work, like I/O a program waits on) or by hand (the clerk himself is busy, like CPU work).
/// </summary>
public sealed class Step
{
    private Step(string name, double minutes, bool onMachine)
    {
        Name = name;
        Minutes = minutes;
        IsOnMachine = onMachine;
    }

    /// <summary>What the step makes ("patty"): the label of its bars on the chart.</summary>
    public string Name { get; }

    /// <summary>How long the step takes, in shop minutes.</summary>
    public double Minutes { get; }

    /// <summary>True when a machine does the work (I/O); false when the clerk works by hand (CPU).</summary>
    public bool IsOnMachine { get; }

    /// <summary>A step the machine does while the clerk may do something else (if he is async).</summary>
    public static Step OnMachine(string name, double minutes) => new(RequireName(name), RequireMinutes(name, minutes), onMachine: true);

    /// <summary>A step that keeps the clerk's hands busy from start to end.</summary>
    public static Step ByHand(string name, double minutes) => new(RequireName(name), RequireMinutes(name, minutes), onMachine: false);

    public override string ToString() => $"{Name} ({Minutes:0.##} min {(IsOnMachine ? "on machine" : "by hand")})";

    private static string RequireName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("A step needs a name, e.g. Step.OnMachine(\"patty\", 1): it labels the step's bars on the chart.", nameof(name));
        return name;
    }

    private static double RequireMinutes(string name, double minutes)
    {
        // NaN fails both comparisons, so it is caught here too.
        if (!(minutes > 0) || double.IsInfinity(minutes))
            throw new ArgumentException($"Step '{name}' takes {minutes} minutes: give it a positive, finite number of minutes, e.g. 1.5.", nameof(minutes));
        return minutes;
    }
}
