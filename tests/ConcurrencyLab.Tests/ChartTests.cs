using System.Text.Json;

namespace ConcurrencyLab.Tests;

/// <summary>LineChart and BarChart: the non-Gantt figures (speed-up curves, costs).</summary>
public sealed class ChartTests
{
    [Fact]
    public void LineChart_has_one_scatter_trace_per_series_dashed_where_asked()
    {
        var chart = new LineChart("Speed-up", "workers", "× faster")
            .Add("measured", [1, 2, 4], [1, 1.9, 2.1])
            .Add("ideal", [1, 2, 4], [1, 2, 4], dashed: true);

        using var figure = JsonDocument.Parse(chart.ToFigureJson());
        var data = figure.RootElement.GetProperty("data");
        var layout = figure.RootElement.GetProperty("layout");

        Assert.Equal(["measured", "ideal"], chart.Series);
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal("solid", data[0].GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal("dash", data[1].GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal([1, 1.9, 2.1], data[0].GetProperty("y").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal("workers", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("× faster", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Contains("measured: workers 1 → 1, workers 2 → 1.9, workers 4 → 2.1", chart.ToText());
    }

    [Fact]
    public void LineChart_writes_a_gap_for_values_json_cannot_hold()
    {
        var chart = new LineChart("t", "x", "y").Add("s", [1, 2], [double.NaN, double.PositiveInfinity]);

        using var figure = JsonDocument.Parse(chart.ToFigureJson());

        Assert.All(figure.RootElement.GetProperty("data")[0].GetProperty("y").EnumerateArray(), v => Assert.Equal(JsonValueKind.Null, v.ValueKind));
    }

    [Fact]
    public void LineChart_refuses_mismatched_or_unnamed_series()
    {
        var chart = new LineChart("t", "x", "y");

        var e = Assert.Throws<ArgumentException>(() => chart.Add("s", [1, 2, 3], [1, 2]));
        Assert.Contains("3 x values but 2 y values", e.Message);
        Assert.Throws<ArgumentException>(() => chart.Add(" ", [1], [1]));
        Assert.Throws<ArgumentNullException>(() => chart.Add("s", null!, [1]));
        Assert.Throws<ArgumentNullException>(() => new LineChart(null!, "x", "y"));
    }

    [Fact]
    public void BarChart_draws_labelled_bars_in_order()
    {
        var chart = new BarChart("Memory", "bytes").Add("thread", 1_000_000).Add("task", 200);

        using var figure = JsonDocument.Parse(chart.ToFigureJson());
        var trace = figure.RootElement.GetProperty("data")[0];

        Assert.Equal(["thread", "task"], trace.GetProperty("x").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([1_000_000.0, 200.0], trace.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([("thread", 1_000_000.0), ("task", 200.0)], chart.Bars);
        Assert.Equal("""
            Memory
            thread |████████████████████████████████████████ 1000000
            task   | 200
            (bytes)

            """.ReplaceLineEndings("\n"), chart.ToText());
    }

    [Fact]
    public void BarChart_refuses_bad_bars()
    {
        var chart = new BarChart("t", "y");

        Assert.Throws<ArgumentException>(() => chart.Add("", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => chart.Add("nan", double.NaN));
    }

    [Fact]
    public void Empty_charts_say_so()
    {
        Assert.Contains("no data added", new LineChart("t", "x", "y").ToHtml());
        Assert.Contains("no bars added", new BarChart("t", "y").ToHtml());
    }
}
