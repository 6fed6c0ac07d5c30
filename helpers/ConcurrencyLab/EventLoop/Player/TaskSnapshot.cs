namespace ConcurrencyLab;

/// <summary>One task as a player frame shows it: its name, where it stands, and what it awaits (or did).</summary>
internal sealed record TaskSnapshot(string Name, TaskPhase Phase, string? Detail)
{
    public override string ToString() => Detail is null ? $"{Name}: {Phase}" : $"{Name}: {Phase}, {Detail}";
}
