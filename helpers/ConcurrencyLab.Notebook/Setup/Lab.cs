namespace ConcurrencyLab;

/// <summary>
/// The one call every lesson makes in its first cells, right after loading the helpers:
/// <c>Lab.Setup();</c>. Safe to run again (cells get re-run): it does each thing once per kernel.
/// </summary>
public static class Lab
{
    /// <summary>
    /// Gets the kernel ready for the lessons' charts:
    /// <list type="bullet">
    /// <item>the helpers' charts (Gantt charts, burger shops) display as interactive charts, with a text version for
    /// plain-text outputs;</item>
    /// <item>Plotly.NET charts can load: Plotly.NET 6 asks for a newer FSharp.Core than the kernel ships, and is
    /// handed the kernel's own copy (see <see cref="FSharpCoreBridge"/>);</item>
    /// <item>a Plotly.NET chart that cannot draw (plotly.js comes from a CDN: offline it is a blank area) says which
    /// chart it is and why (see <see cref="PlotlyNetFormatter"/>).</item>
    /// </list>
    /// Call it before the first Plotly.NET chart is built; loading the Plotly.NET packages before it is fine.
    /// </summary>
    public static void Setup()
    {
        FSharpCoreBridge.Install();
        ChartFormatter.Register();
        PlotlyNetFormatter.Install();
    }
}
