namespace ConcurrencyLab;

/// <summary>
/// One task as a player frame shows it: its name, where it stands, and what it awaits (or did); for a recording that
/// knows it, the source line the task is suspended at (<see cref="Line"/>, <see cref="Code"/>).
/// </summary>
internal sealed record TaskSnapshot(string Name, TaskPhase Phase, string? Detail)
{
    /// <summary>The line of the task's source where it is suspended (a coroutine frame's <c>f_lineno</c>); null when not known.</summary>
    public int? Line { get; init; }

    /// <summary>That line's text, stripped; null when not known.</summary>
    public string? Code { get; init; }

    /// <summary>"line 5: await asyncio.sleep(1)", or null when the line is not known.</summary>
    public string? Where => Line is { } line ? Code is { Length: > 0 } code ? $"line {line}: {code}" : $"line {line}" : null;

    public override string ToString() => Detail is null ? $"{Name}: {Phase}" : $"{Name}: {Phase}, {Detail}";
}
