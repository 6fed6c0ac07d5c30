using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConcurrencyLab;

/// <summary>
/// A plotly.js figure, typed: only the attributes the Gantt chart sets, so a misspelt attribute is a compile error
/// and not a chart that silently ignores it. It serialises with plotly.js's own attribute names (lower case, no
/// separators: <c>legendgroup</c>, <c>customdata</c>), leaving out what is null.
/// </summary>
/// <remarks>
/// Why not Plotly.NET's figure types: this library must load with one <c>#r</c> and no package (the kernel brings
/// its own FSharp.Core, which Plotly.NET 6 does not bind to without a bridge), and the runner, the tests and any
/// plain page must render a Gantt without a kernel extension. A Gantt also needs per-bar <c>base</c> arrays,
/// per-bar hover data (<c>customdata</c> with a <c>hovertemplate</c>) and an ordered category axis of lanes;
/// Plotly.NET's high-level <c>Chart.Bar</c> takes one <c>base</c> for the whole trace, so per-bar bases would go
/// through its low-level trace styling with an untyped generic value, and the lane order through layout objects
/// built separately: more code than this model, and no more checking. The lessons'
/// general charts (speed-up curves, bars, lines) are drawn with Plotly.NET in the notebooks themselves.
/// </remarks>
internal sealed record PlotlyFigure(IReadOnlyList<PlotlyFigure.BarTrace> Data, PlotlyFigure.PlotLayout Layout, PlotlyFigure.PlotConfig Config)
{
    /// <summary>
    /// JSON for a &lt;script&gt; element: the default encoder writes &lt; &gt; &amp; ' + and every non-ASCII
    /// character (U+2028 and U+2029 included) as \uXXXX, so no user string can close the script
    /// (<c>&lt;/script&gt;</c>), open an HTML comment (<c>&lt;!--</c>) or break a JavaScript string.
    /// </summary>
    private static readonly JsonSerializerOptions ScriptSafe = new()
    {
        Encoder = JavaScriptEncoder.Default,
        PropertyNamingPolicy = new PlotlyNames(),
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    /// <summary>The figure as compact JSON, safe to paste into a script element.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ScriptSafe);

    /// <summary>
    /// Horizontal bars of one kind: bar i starts at <c>Base[i]</c>, is <c>X[i]</c> long, on lane <c>Y[i]</c>.
    /// Arrays per trace rather than one object per bar keep a 10,000-span chart well under 1.5 MB.
    /// </summary>
    internal sealed record BarTrace(
        string Name,
        string LegendGroup,
        double Width,
        Marker Marker,
        IReadOnlyList<double> Base,
        IReadOnlyList<double> X,
        IReadOnlyList<string> Y,
        IReadOnlyList<BarHover> CustomData,
        string HoverTemplate)
    {
        public string Type => "bar";
        public string Orientation => "h";
    }

    /// <summary>
    /// What a bar's hover shows besides its lane: written as plotly.js <c>customdata</c>, an array per bar
    /// <c>[name, thread, duration]</c> that the trace's <c>hovertemplate</c> reads by index.
    /// </summary>
    [JsonConverter(typeof(BarHoverAsArray))]
    internal readonly record struct BarHover(string Name, int Thread, double Duration);

    internal sealed record Marker(string Color, Line Line);

    internal sealed record Line(string Color, double Width);

    internal sealed record Title(string Text);

    internal sealed record PlotLayout(
        Title? Title,
        string BarMode,
        int Height,
        string HoverMode,
        Margin Margin,
        Legend Legend,
        XAxis XAxis,
        YAxis YAxis,
        IReadOnlyList<Annotation>? Annotations);

    internal sealed record Margin(int T, int B, int R);

    internal sealed record Legend(string Orientation, double Y, string YAnchor, double X, string XAnchor);

    internal sealed record XAxis(Title Title, double[] Range, bool ZeroLine, bool Visible);

    internal sealed record YAxis(string Type, string CategoryOrder, IReadOnlyList<string> CategoryArray, string AutoRange, bool AutoMargin, bool Visible);

    internal sealed record Annotation(string Text, bool ShowArrow, string XRef, string YRef, double X, double Y, Font Font);

    internal sealed record Font(int Size);

    internal sealed record PlotConfig(bool Responsive, bool DisplayLogo);

    private sealed class BarHoverAsArray : JsonConverter<BarHover>
    {
        public override BarHover Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Figures are only written.");

        public override void Write(Utf8JsonWriter writer, BarHover value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(value.Name);
            writer.WriteNumberValue(value.Thread);
            writer.WriteNumberValue(value.Duration);
            writer.WriteEndArray();
        }
    }

    /// <summary>plotly.js spells every attribute in lower case without separators.</summary>
    private sealed class PlotlyNames : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name.ToLowerInvariant();
    }
}
