using System.Text.RegularExpressions;

namespace Workshop.Tests;

/// <summary>
/// The lessons' first cells in the genuine kernel: after <c>Lab.Setup()</c> a Plotly.NET chart renders inline
/// through Plotly.NET.Interactive, with the same plotly.js version as the helpers' charts and the helpers' offline
/// hint around it, and the helpers' charts display through their one formatter, once however often the setup runs.
/// Without the setup the same chart cannot load FSharp.Core, which is what the setup's bridge is for, and the
/// helpers' charts show as charts only once the setup has registered their formatter.
/// </summary>
public sealed partial class GenuineKernelChartTests
{
    private static string Pinned(string name)
    {
        var props = File.ReadAllText(RepoPaths.Combine("Directory.Packages.props"));
        var package = Regex.Match(props, $"<PackageVersion Include=\"{Regex.Escape(name)}\" Version=\"(?<v>[^\"]+)\"");
        var property = Regex.Match(props, $"<{Regex.Escape(name)}>(?<v>[^<]+)</{Regex.Escape(name)}>");
        return (package.Success ? package : property).Groups["v"].Value is { Length: > 0 } v ? v
            : throw new InvalidOperationException($"{name} is not pinned in Directory.Packages.props.");
    }

    private static string PlotlyPackages =>
        $"""
        #r "nuget: Plotly.NET, {Pinned("Plotly.NET")}"
        #r "nuget: Plotly.NET.Interactive, {Pinned("Plotly.NET.Interactive")}"
        #r "nuget: Plotly.NET.CSharp, {Pinned("Plotly.NET.CSharp")}"
        using Plotly.NET.CSharp;
        """;

    private const string LineChart = """Chart.Line<double, double, string>(x: new[] { 1.0, 2.0 }, y: new[] { 3.0, 4.0 }, Name: "kernel-probe-line")""";

    /// <summary>The two lines every lesson loads the helpers with: the core, then the notebook layer.</summary>
    private static string LoadHelpers
    {
        get
        {
            var core = RepoPaths.Combine("helpers", "bin", "ConcurrencyLab.dll");
            var notebook = RepoPaths.Combine("helpers", "bin", "ConcurrencyLab.Notebook.dll");
            Assert.True(File.Exists(core) && File.Exists(notebook), $"{core} or {notebook} is missing: dotnet build helpers/ConcurrencyLab.Notebook.");
            return $"#r \"{core}\"\n#r \"{notebook}\"\nusing ConcurrencyLab;";
        }
    }

    private static string Errors(IReadOnlyList<IReadOnlyList<GenuineKernel.Output>> cells) =>
        string.Join("\n", cells.SelectMany((c, i) => c.Where(o => o.Error is not null).Select(o => $"cell {i}: {o.Error}")));

    [SkippableFact]
    public void After_Lab_Setup_Plotly_NET_and_the_helpers_charts_render_inline()
    {
        var cells = GenuineKernel.Run(
            $"{LoadHelpers}\nLab.Setup();",
            PlotlyPackages,
            LineChart,
            "Lab.Setup(); // a re-run cell\nvar t = new Timeline(\"probe\");\nt.Add(\"kernel-probe-span\", \"lane\", TimeSpan.Zero, TimeSpan.FromMilliseconds(5), SpanKind.Cpu);\nt.ToGantt()");

        Assert.True(Errors(cells).Length == 0, Errors(cells));
        var plotly = string.Concat(cells[2].Select(o => o.Html));
        Assert.Contains("kernel-probe-line", plotly);
        Assert.Contains($"plotly-{Pinned("PlotlyJsVersion")}.min", plotly); // the plotly.js the helpers' charts load too
        // Wrapped with the hint that shows when plotly.js cannot be loaded, naming the chart by its trace.
        Assert.StartsWith("<div class=\"concurrency-lab-plotlynet\"", plotly);
        Assert.Contains("Plotly.NET line chart; traces: &quot;kernel-probe-line&quot;. Interactive chart unavailable", plotly);
        var gantt = string.Concat(cells[3].Select(o => o.Html));
        Assert.Contains("kernel-probe-span", gantt);
        Assert.Single(Regex.Matches(gantt, "<div class=\"concurrency-lab-chart\""));
    }

    [SkippableFact]
    public void Without_Lab_Setup_a_Plotly_NET_chart_cannot_load_FSharp_Core_and_the_setup_makes_the_helpers_charts_draw()
    {
        const string gantt = "var t = new Timeline(\"probe\");\nt.Add(\"kernel-probe-span\", \"lane\", TimeSpan.Zero, TimeSpan.FromMilliseconds(5), SpanKind.Cpu);\nt.ToGantt()";
        var cells = GenuineKernel.Run(
            PlotlyPackages,
            LineChart,
            $"{LoadHelpers}\n{gantt}",
            "Lab.Setup();\nt.ToGantt()");

        Assert.Contains("FSharp.Core", Errors(cells));
        static string Html(IReadOnlyList<GenuineKernel.Output> cell) => string.Concat(cell.Select(o => o.Html));
        // The chart formatter is the notebook layer's: registered by the setup, not by loading the DLLs.
        Assert.DoesNotContain("<div class=\"concurrency-lab-chart\"", Html(cells[2]));
        Assert.Single(Regex.Matches(Html(cells[3]), "<div class=\"concurrency-lab-chart\""));
    }
}
