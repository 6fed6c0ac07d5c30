using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Formatting;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The charts render through .NET Interactive's Formatter (the package the runner uses; the kernel has the same
/// convention) although the library has no reference to it: found by the TypeFormatterSource naming convention.
/// </summary>
public sealed class FormatterTests
{
    // Each rendering gets a fresh element id; everything else must be identical.
    private static string WithoutIds(string html) => Regex.Replace(html, "concurrency-lab-chart-[0-9a-f-]+", "ID");

    public static TheoryData<string> Kinds => ["gantt", "timeline", "line", "bar", "shop", "empty"];

    private static (object Value, Func<string> Html, Func<string> Text) Make(string kind)
    {
        var nine = BrowserRenderingTests.NineSpans();
        switch (kind)
        {
            case "gantt":
                var g = nine.ToGantt();
                return (g, g.ToHtml, () => g.ToText());
            case "timeline":
                return (nine, () => nine.ToGantt().ToHtml(), () => nine.ToGantt().ToText());
            case "line":
                var l = new LineChart("speed-up", "workers", "×").Add("measured", [1, 2, 4], [1, 1.9, 2.1]);
                return (l, l.ToHtml, l.ToText);
            case "bar":
                var b = new BarChart("cost", "bytes").Add("thread", 1_000_000).Add("task", 200);
                return (b, b.ToHtml, b.ToText);
            case "shop":
                var shop = BurgerShop.Model(Recipe.Burger, orders: 3, clerks: 1, machines: 1, ClerkStyle.Async);
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
        Assert.Contains("<script", shown);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Plain_text_display_is_the_text_chart(string kind)
    {
        var (value, _, text) = Make(kind);

        Assert.Equal(text(), value.ToDisplayString("text/plain"));
    }

    [Fact]
    public void Html_is_the_preferred_display_of_every_chart_type()
    {
        foreach (var type in new[] { typeof(GanttChart), typeof(Timeline), typeof(LineChart), typeof(BarChart), typeof(ShopResult) })
        {
            Make("gantt").Value.ToDisplayString("text/html"); // formatter sources are read on first use
            _ = Formatter.GetPreferredFormatterFor(type, "text/html");
            Assert.Contains("text/html", Formatter.GetPreferredMimeTypesFor(type));
        }
    }
}
