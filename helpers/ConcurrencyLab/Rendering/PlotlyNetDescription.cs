using System.Text;
using System.Text.Json;

namespace ConcurrencyLab;

/// <summary>
/// One line that says which Plotly.NET chart this is, read from its JSON (<c>GenericChart.toJson</c>: data, layout,
/// config): the kind of traces, the title, the axis titles and the trace names, e.g.
/// <c>Plotly.NET line chart; y: speed-up; x: workers; traces: "measured", "ideal"</c>. Plain text: the caller
/// escapes it for HTML. Whatever the JSON lacks (or if it is no JSON at all) is left out.
/// </summary>
internal static class PlotlyNetDescription
{
    private const int MaxNames = 8;
    private const int MaxText = 120;

    public static string Describe(string chartJson)
    {
        try
        {
            using var document = JsonDocument.Parse(chartJson);
            return Describe(document.RootElement);
        }
        catch (JsonException)
        {
            return "Plotly.NET chart";
        }
    }

    private static string Describe(JsonElement chart)
    {
        var traces = Property(chart, "data") is { ValueKind: JsonValueKind.Array } data ? data.EnumerateArray().ToList() : [];
        var layout = Property(chart, "layout");
        var kinds = traces.Select(Kind).Where(k => k.Length > 0).Distinct().ToList();
        var line = new StringBuilder("Plotly.NET ");
        if (kinds.Count > 0) line.Append(string.Join(" and ", kinds)).Append(' ');
        line.Append("chart");
        if (Title(layout) is { } title) line.Append(" \"").Append(Short(title)).Append('"');
        if (Title(Property(layout, "yaxis")) is { } y) line.Append("; y: ").Append(Short(y));
        if (Title(Property(layout, "xaxis")) is { } x) line.Append("; x: ").Append(Short(x));
        var names = traces.Select(t => Text(Property(t, "name"))).OfType<string>().Distinct().ToList();
        if (names.Count > 0)
        {
            line.Append("; traces: ").Append(string.Join(", ", names.Take(MaxNames).Select(n => $"\"{Short(n)}\"")));
            if (names.Count > MaxNames) line.Append($" and {names.Count - MaxNames} more");
        }
        return line.ToString();
    }

    /// <summary>bar, line, scatter (markers only) or plotly.js's own name of the trace type.</summary>
    private static string Kind(JsonElement trace) => Text(Property(trace, "type")) switch
    {
        "bar" => "bar",
        "scatter" or "scattergl" => Text(Property(trace, "mode")) is { } mode && !mode.Contains("lines", StringComparison.Ordinal) ? "scatter" : "line",
        { } other => other,
        null => "",
    };

    /// <summary>A title is a string or an object with <c>text</c>: plotly.js accepts both.</summary>
    private static string? Title(JsonElement owner) =>
        Property(owner, "title") is var title && title.ValueKind == JsonValueKind.Object ? Text(Property(title, "text")) : Text(title);

    private static JsonElement Property(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) ? value : default;

    private static string? Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    private static string Short(string text) => text.Length <= MaxText ? text : string.Concat(text.AsSpan(0, MaxText - 1), "…");
}
