using NotebookRunner.Report;

namespace ConcurrencyLab.Tests;

/// <summary>
/// A local copy of plotly.js for the browser tests (no network): the runner's one extraction of the copy embedded in
/// the Plotly.NET package (<see cref="PlotlyScript"/>), written to a file a page can load. Its version is the build's
/// PlotlyJsVersion, as the helpers' own CDN URL is, so the charts and this copy cannot differ (a test checks it).
/// </summary>
internal static class PlotlyJsSource
{
    private static readonly Lazy<string> Extracted = new(Extract);

    /// <summary>The path of plotly.min.js, written once per test run into a temp folder.</summary>
    public static string FilePath => Extracted.Value;

    private static string Extract()
    {
        // One copy per plotly.js version, shared by every test run: nothing piles up in the temp folder.
        var text = PlotlyScript.Source;
        var folder = Path.Combine(Path.GetTempPath(), $"concurrency-lab-plotly-{PlotlyScript.Version}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"plotly-{PlotlyScript.Version}.min.js");
        if (!File.Exists(path) || File.ReadAllText(path) != text)
        {
            // Written beside and moved into place, so a parallel test run never reads half a file.
            var partial = $"{path}.{Environment.ProcessId}.partial";
            File.WriteAllText(partial, text);
            File.Move(partial, path, overwrite: true);
        }
        return path;
    }
}
