using System.Text.Json;

namespace ConcurrencyLab;

/// <summary>
/// Feedback for the exercise cells at the end of each lesson. A check prints one line, "✅ done" or
/// "⏳ not yet" with what is missing, and never throws: Run All stays green while an exercise is unsolved.
/// </summary>
public static class Exercise
{
    /// <summary>Prints whether <paramref name="passed"/>; returns it so tests can assert the check too.</summary>
    public static bool Check(string exercise, bool passed, string whatIsMissing)
    {
        Console.WriteLine(passed
            ? $"✅ {exercise}: done."
            : $"⏳ {exercise}: not yet. {whatIsMissing}");
        return passed;
    }

    /// <summary>
    /// Evaluates <paramref name="condition"/> and prints the verdict. An exception inside the condition
    /// (a variable still null, a TODO that throws) is reported as "not yet", never rethrown.
    /// </summary>
    public static bool Check(string exercise, Func<bool> condition, Func<string> whatIsMissing)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(whatIsMissing);
        try
        {
            return Check(exercise, condition(), Describe(whatIsMissing));
        }
        catch (Exception e)
        {
            return Check(exercise, false, $"Checking it threw {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// Checks a chart the learner drew of their own measurement: given the chart's figure JSON (for a Plotly.NET
    /// chart, <c>Plotly.NET.GenericChart.toJson(chart)</c>; null while there is no chart yet), it passes when one
    /// trace plots exactly <paramref name="x"/> against <paramref name="y"/> and both axes have a title.
    /// Prints the verdict like <see cref="Check(string, bool, string)"/> and never throws.
    /// </summary>
    public static bool CheckPlot(string exercise, string? figureJson, IEnumerable<double> x, IEnumerable<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var (passed, missing) = FigureShows(figureJson, x.ToArray(), y.ToArray());
        return Check(exercise, passed, missing);
    }

    internal static (bool Passed, string Missing) FigureShows(string? figureJson, double[] x, double[] y)
    {
        if (string.IsNullOrWhiteSpace(figureJson))
            return (false, "There is no chart yet: build one with Chart.Line(x: ..., y: ...) and keep it in the variable the check reads.");
        try
        {
            using var figure = JsonDocument.Parse(figureJson);
            var root = figure.RootElement;
            var traces = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array ? data.EnumerateArray().ToArray() : [];
            if (!traces.Any(t => Same(t, "x", x) && Same(t, "y", y)))
                return (false, $"No trace of the chart plots your {x.Length} measurements (x: the counts, y: the times). Pass them as x: and y: to Chart.Line.");
            var untitled = new[] { "xaxis", "yaxis" }.Where(axis => !HasTitle(root, axis)).ToArray();
            if (untitled.Length > 0)
                return (false, $"Give the {string.Join(" and ", untitled.Select(a => a[..1]))} axis a title: .With{untitled[0][..1].ToUpperInvariant()}AxisStyle<...>(TitleText: \"...\"), say what and in which unit.");
            return (true, "");
        }
        catch (JsonException e)
        {
            return (false, $"That is not a chart's figure JSON ({e.Message}).");
        }
    }

    private static bool Same(JsonElement trace, string name, double[] expected)
    {
        if (!trace.TryGetProperty(name, out var values) || values.ValueKind != JsonValueKind.Array || values.GetArrayLength() != expected.Length) return false;
        var i = 0;
        foreach (var v in values.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number) return false;
            var e = expected[i++];
            if (Math.Abs(v.GetDouble() - e) > 1e-9 * Math.Max(1, Math.Abs(e))) return false;
        }
        return true;
    }

    private static bool HasTitle(JsonElement root, string axis) =>
        root.TryGetProperty("layout", out var layout) && layout.ValueKind == JsonValueKind.Object
        && layout.TryGetProperty(axis, out var a) && a.ValueKind == JsonValueKind.Object
        && a.TryGetProperty("title", out var title)
        && (title.ValueKind == JsonValueKind.String ? !string.IsNullOrWhiteSpace(title.GetString())
            : title.ValueKind == JsonValueKind.Object && title.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(text.GetString()));

    private static string Describe(Func<string> whatIsMissing)
    {
        try { return whatIsMissing(); }
        catch (Exception e) { return $"(could not describe: {e.Message})"; }
    }
}
