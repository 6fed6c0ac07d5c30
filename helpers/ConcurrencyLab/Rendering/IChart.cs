namespace ConcurrencyLab;

/// <summary>
/// What a notebook needs from anything drawn as a chart: an HTML fragment for editors and reports, and a text
/// version for terminals and plain-text outputs. The notebook layer's one formatter serves every type that
/// implements it, so a new chart needs no change there.
/// </summary>
internal interface IChart
{
    /// <summary>A self-contained HTML fragment (markup and script) that draws the chart.</summary>
    string ToHtml();

    /// <summary>The chart as fixed-width text.</summary>
    string ToText();
}
