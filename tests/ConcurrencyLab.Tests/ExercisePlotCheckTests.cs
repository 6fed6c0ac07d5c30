namespace ConcurrencyLab.Tests;

/// <summary>
/// The check of the exercise where learners plot their own measurement. Figures are shaped as Plotly.NET's
/// <c>GenericChart.toJson</c> writes them (data traces with x and y arrays, axis titles under layout).
/// </summary>
public sealed class ExercisePlotCheckTests
{
    private static readonly double[] Counts = [1, 10, 100];
    private static readonly double[] Seconds = [0.101, 0.102, 0.1045];

    private static string Figure(string x, string y, string xTitle = "waits", string yTitle = "seconds") =>
        "{\"data\":[{\"type\":\"scatter\",\"name\":\"measured\",\"x\":" + x + ",\"y\":" + y + "}],"
        + "\"layout\":{\"xaxis\":{\"title\":{\"text\":\"" + xTitle + "\"}},\"yaxis\":{\"title\":{\"text\":\"" + yTitle + "\"}}}}";

    [Fact]
    public void A_chart_of_the_measurement_with_titled_axes_passes()
    {
        var (passed, _) = Exercise.FigureShows(Figure("[1,10,100]", "[0.101,0.102,0.1045]"), Counts, Seconds);

        Assert.True(passed);
    }

    [Fact]
    public void No_chart_yet_says_how_to_build_one()
    {
        var (passed, missing) = Exercise.FigureShows(null, Counts, Seconds);

        Assert.False(passed);
        Assert.Contains("Chart.Line", missing);
    }

    [Theory]
    [InlineData("[1,10,100]", "[0.101,0.102]")]        // a value left out
    [InlineData("[1,10,100]", "[0.2,0.2,0.2]")]        // made-up numbers
    [InlineData("[0,1,2]", "[0.101,0.102,0.1045]")]    // plotted against the index, not the counts
    [InlineData("[0.101,0.102,0.1045]", "[1,10,100]")] // axes swapped
    public void A_chart_of_other_data_does_not_pass(string x, string y)
    {
        var (passed, missing) = Exercise.FigureShows(Figure(x, y), Counts, Seconds);

        Assert.False(passed);
        Assert.Contains("measurements", missing);
    }

    [Fact]
    public void An_untitled_axis_is_named()
    {
        var (passed, missing) = Exercise.FigureShows(Figure("[1,10,100]", "[0.101,0.102,0.1045]", yTitle: " "), Counts, Seconds);

        Assert.False(passed);
        Assert.Contains("y axis", missing);
    }

    [Fact]
    public void Text_that_is_not_json_is_not_yet_and_never_throws()
    {
        var passed = Exercise.CheckPlot("Exercise", "<div>chart</div>", Counts, Seconds);

        Assert.False(passed);
    }
}
