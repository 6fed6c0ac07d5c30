using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Formatting;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The charts render through .NET Interactive's Formatter (the package the runner uses; the kernel has the same
/// API) although the library has no reference to it: Lab.Setup() registers one formatter for every IChart.
/// </summary>
public sealed class FormatterTests
{
    // In a kernel the Formatting assembly is loaded before any cell runs; here it is loaded first, then set up.
    public FormatterTests()
    {
        _ = typeof(Formatter).Assembly;
        Lab.Setup();
    }

    // Each rendering gets a fresh element id; everything else must be identical.
    private static string WithoutIds(string html) => Regex.Replace(html, "concurrency-lab-chart-[0-9a-f-]+", "ID");

    public static TheoryData<string> Kinds => ["gantt", "compare", "shop", "empty"];

    private static (object Value, Func<string> Html, Func<string> Text) Make(string kind)
    {
        var nine = BrowserRenderingTests.NineSpans();
        switch (kind)
        {
            case "gantt":
                var g = nine.ToGantt();
                return (g, g.ToHtml, () => g.ToText());
            case "compare":
                var c = GanttChart.Compare("two runs", nine, nine);
                return (c, c.ToHtml, () => c.ToText());
            case "shop":
                var shop = BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 3, Clerks = 1, Machines = 1, Style = ClerkStyle.Async });
                return (shop, () => shop.ToGantt().ToHtml(), () => shop.ToGantt().ToText());
            default:
                var e = new Timeline("nothing").ToGantt();
                return (e, e.ToHtml, () => e.ToText());
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Html_display_is_the_chart(string kind)
    {
        var (value, html, _) = Make(kind);

        var shown = value.ToDisplayString("text/html");

        Assert.Equal(WithoutIds(html()), WithoutIds(shown));
        Assert.Single(Regex.Matches(shown, "<script"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Plain_text_display_is_the_text_chart(string kind)
    {
        var (value, _, text) = Make(kind);

        Assert.Equal(text(), value.ToDisplayString("text/plain"));
    }

    [Fact]
    public void Setup_run_again_registers_nothing_twice()
    {
        Lab.Setup();
        Lab.Setup();

        // One registration per MIME type for the chart interface, however often the cell is re-run.
        var ours = Formatter.RegisteredFormatters(includeDefaults: false).Where(f => f.Type == typeof(IChart)).ToArray();
        Assert.Equal(ChartFormatter.MimeTypes.Order(), ours.Select(f => f.MimeType).Order());
    }

    [Fact]
    public void Html_is_the_preferred_display_of_the_chart_types()
    {
        foreach (var type in new[] { typeof(GanttChart), typeof(BurgerShop) })
            Assert.Equal("text/html", Formatter.GetPreferredMimeTypesFor(type).First());
    }

    [Fact]
    public void Every_chart_type_is_a_chart()
    {
        // What the one formatter serves: every public type that renders itself implements IChart.
        var renders = typeof(Timeline).Assembly.GetExportedTypes()
            .Where(t => t.GetMethod("ToHtml", Type.EmptyTypes) is not null || typeof(IChart).IsAssignableFrom(t));
        Assert.All(renders, t => Assert.True(typeof(IChart).IsAssignableFrom(t), $"{t.Name} draws HTML but is not an IChart."));
        Assert.Contains(typeof(BurgerShop), renders);
    }
}
