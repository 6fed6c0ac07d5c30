using System.Net;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Formatting;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The wrapping formatter in .NET Interactive's Formatter (the package's own resolution of formatters), with stand-ins
/// shaped as Plotly.NET 6's chart types: an abstract <c>GenericChart</c> with a static <c>toJson</c> and nested
/// subclasses, its HTML formatter registered for the base type as Plotly.NET.Interactive does. Each test has its own
/// stand-in types: the Formatter's registrations are process-wide.
/// </summary>
public sealed class PlotlyNetFormatterTests
{
    public PlotlyNetFormatterTests() => _ = typeof(Formatter).Assembly; // loaded, as in a kernel

    private const string Json = """{"data":[{"type":"bar","name":"time <ms>"}],"layout":{"title":{"text":"threads & tasks"}}}""";

    // As Plotly.NET.Interactive: Formatter.Register<GenericChart>(Action<GenericChart, TextWriter>, "text/html").
    private static void RegisterAsPlotlyNetInteractive<T>() =>
        Formatter.Register<T>((chart, writer) => writer.Write($"<div id=\"c\"></div><script>Plotly.newPlot('c', {chart!.GetType().Name})</script>"), "text/html");

    private static string Hint(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "<div class=\"cl-plotlynet-hint\"[^>]*>(?<text>[^<]*)</div>").Groups["text"].Value);

    public abstract class LoadedBefore
    {
        public sealed class Chart : LoadedBefore;
        public sealed class MultiChart : LoadedBefore;
        public static string toJson(LoadedBefore chart) => Json;
    }

    [Fact]
    public void Wraps_every_chart_type_when_plotly_net_interactive_registered_first()
    {
        RegisterAsPlotlyNetInteractive<LoadedBefore>();
        Assert.True(PlotlyNetFormatter.Register(typeof(LoadedBefore)));

        foreach (var chart in new LoadedBefore[] { new LoadedBefore.Chart(), new LoadedBefore.MultiChart() })
        {
            var html = chart.ToDisplayString("text/html");
            Assert.StartsWith("<div class=\"concurrency-lab-plotlynet\"", html);
            Assert.Contains($"<script>Plotly.newPlot('c', {chart.GetType().Name})</script>", html);
            Assert.Equal("Plotly.NET bar chart \"threads & tasks\"; traces: \"time <ms>\". " + PlotlyNetHint.Unavailable, Hint(html));
        }
    }

    public abstract class LoadedAfter
    {
        public sealed class Chart : LoadedAfter;
        public static string toJson(LoadedAfter chart) => Json;
    }

    [Fact]
    public void Wraps_when_plotly_net_interactive_registers_later()
    {
        // The lessons' order: Lab.Setup() first, the Plotly.NET packages in the next cell.
        PlotlyNetFormatter.Register(typeof(LoadedAfter));
        RegisterAsPlotlyNetInteractive<LoadedAfter>();

        var html = new LoadedAfter.Chart().ToDisplayString("text/html");

        Assert.Single(Regex.Matches(html, "class=\"concurrency-lab-plotlynet\""));
        Assert.Contains("<script>Plotly.newPlot('c', Chart)</script>", html);
    }

    public abstract class WithoutInteractive
    {
        public sealed class Chart : WithoutInteractive
        {
            public int Traces => 2;
        }
    }

    [Fact]
    public void Leaves_html_that_draws_no_plotly_chart_as_it_is()
    {
        // No Plotly.NET.Interactive: the Formatter's default HTML for the object, with no hint about plotly.js.
        var before = new WithoutInteractive.Chart().ToDisplayString("text/html");
        PlotlyNetFormatter.Register(typeof(WithoutInteractive));

        var after = new WithoutInteractive.Chart().ToDisplayString("text/html");

        Assert.Contains("Traces", after);
        Assert.Equal(before, after);
        Assert.DoesNotContain("concurrency-lab-plotlynet", after);
    }

    public abstract class RegisteredTwice
    {
        public sealed class Chart : RegisteredTwice;
        public sealed class MultiChart : RegisteredTwice;
        internal sealed class NotAChart;
    }

    [Fact]
    public void Registers_once_per_chart_type_however_often_setup_runs()
    {
        RegisterAsPlotlyNetInteractive<RegisteredTwice>();
        PlotlyNetFormatter.Register(typeof(RegisteredTwice));
        PlotlyNetFormatter.Register(typeof(RegisteredTwice));

        var ours = Formatter.RegisteredFormatters(includeDefaults: false)
            .Where(f => f.Type.DeclaringType == typeof(RegisteredTwice)).Select(f => (f.Type.Name, f.MimeType)).Order().ToList();
        Assert.Equal([("Chart", "text/html"), ("MultiChart", "text/html")], ours);
        // No toJson: the hint still says it is a Plotly.NET chart.
        Assert.Equal("Plotly.NET chart. " + PlotlyNetHint.Unavailable, Hint(new RegisteredTwice.Chart().ToDisplayString("text/html")));
    }
}
