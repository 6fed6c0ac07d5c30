namespace ConcurrencyLab;

/// <summary>
/// The formatter source named by <see cref="TypeFormatterSourceAttribute"/> on every chart type. The kernel
/// finds its members by name (see the attribute's remarks), so their names and signatures must stay as they are.
/// </summary>
internal sealed class ChartFormatterSource
{
    /// <summary>Called by the kernel's Formatter once per attributed type.</summary>
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new ChartFormatter("text/html"),
        new ChartFormatter("text/plain"),
    ];
}

/// <summary>One MIME type's formatter: HTML draws the interactive chart, plain text the text version.</summary>
internal sealed class ChartFormatter(string mimeType)
{
    /// <summary>Read by the kernel to decide which formatter serves which output.</summary>
    public string MimeType { get; } = mimeType;

    /// <summary>Writes <paramref name="instance"/>; returns false for a type it does not know (the kernel falls back).</summary>
    public bool Format(object instance, TextWriter writer)
    {
        var html = MimeType == "text/html";
        string? output = instance switch
        {
            GanttChart g => html ? g.ToHtml() : g.ToText(),
            Timeline t => html ? t.ToGantt().ToHtml() : t.ToGantt().ToText(),
            LineChart l => html ? l.ToHtml() : l.ToText(),
            BarChart b => html ? b.ToHtml() : b.ToText(),
            ShopResult s => html ? s.ToGantt().ToHtml() : s.ToGantt().ToText(), // a burger shop draws as its chart
            _ => null,
        };
        if (output is null) return false;
        writer.Write(output);
        return true;
    }
}
