using System.Reflection;

namespace ConcurrencyLab;

/// <summary>
/// Which plotly.js the charts load. The version is set once, as the <c>PlotlyJsVersion</c> property in
/// Directory.Packages.props (the copy embedded in the Plotly.NET package the lessons use), and reaches this library
/// as assembly metadata, so the CDN URL here, the offline report and the tests cannot drift apart.
/// </summary>
internal static class PlotlyJs
{
    /// <summary>The plotly.js version, e.g. "2.28.0".</summary>
    public static string Version { get; } =
        typeof(PlotlyJs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "PlotlyJsVersion")?.Value
        ?? throw new InvalidOperationException("The helpers were built without the PlotlyJsVersion assembly metadata (set in Directory.Packages.props): rebuild with dotnet build helpers/ConcurrencyLab.");

    /// <summary>Where an editor loads it from when the page has no copy of its own.</summary>
    public static string CdnUrl { get; } = $"https://cdn.plot.ly/plotly-{Version}.min.js";
}
