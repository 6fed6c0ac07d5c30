namespace ConcurrencyLab;

/// <summary>
/// How a <see cref="SpanKind"/> looks in every rendering: its legend label, its colour in the interactive chart,
/// its character in the text chart, and which kind wins a text cell shared by several (cpu over blocked over
/// waiting). The one place these are defined: the Gantt figure, the text chart and the Chrome trace read them here.
/// </summary>
internal readonly record struct KindStyle(SpanKind Kind, string Label, string Colour, char TextCell, int Rank)
{
    /// <summary>Every kind, in legend order. Hot for computing, grey for a held-but-idle thread, light for waiting.</summary>
    public static readonly KindStyle[] All =
    [
        new(SpanKind.Cpu, "cpu", "#d9534f", '█', 3),
        new(SpanKind.Blocked, "blocked", "#7f8c9a", '▒', 2),
        new(SpanKind.Waiting, "waiting", "#7cc5d9", '░', 1),
    ];

    /// <summary>The style of <paramref name="kind"/>.</summary>
    public static KindStyle Of(SpanKind kind) => kind switch
    {
        SpanKind.Cpu => All[0],
        SpanKind.Blocked => All[1],
        SpanKind.Waiting => All[2],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown span kind: use Cpu, Blocked or Waiting."),
    };

    /// <summary>"█ cpu  ▒ blocked  ░ waiting": the text chart's legend.</summary>
    public static string Legend { get; } = string.Join("  ", All.Select(k => $"{k.TextCell} {k.Label}"));
}
