using System.Text.RegularExpressions;
using ConcurrencyLab.TestSupport;
using NotebookRunner.Report;

namespace Notebooks.Tests;

/// <summary>
/// The instructor's fallback: the gallery of every lesson (the runner's reports and index.html, rendered from
/// the runs the other tests made) opens in a browser with no network, raises no script error and draws charts.
/// </summary>
public class LessonGalleryRendersOffline
{
    private static readonly Lazy<string> Gallery = new(Render);

    /// <summary>Every page of the gallery (the index and each lesson's report) as chromium left it, loaded once.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, (string Dom, IReadOnlyList<string> Errors)>> Pages = new(() =>
        HeadlessChromium.LoadAllCollectingErrors(
            new[] { "index.html" }.Concat(EveryCellRunsTwice.LessonFiles().Select(l => Path.GetFileNameWithoutExtension(l) + ".html"))
                .Select(page => Path.Combine(Gallery.Value, page)))
            .ToDictionary(p => Path.GetFileName(p.Key), p => p.Value));

    private static (string Dom, IReadOnlyList<string> Errors) Page(string name) => Pages.Value[name];

    /// <summary>Scheduled with the notebooks (<see cref="NotebookSchedule"/>) after the runs that mostly wait: it waits
    /// for the lessons' runs, then loads the pages while the solutions still run, rather than after them.</summary>
    internal static NotebookSchedule.Job Job() =>
        new("the lessons' gallery in chromium", () => HeadlessChromium.Available ? Pages.Value : null!);

    private static string Render()
    {
        var folder = Directory.CreateTempSubdirectory("concurrency-lab-gallery-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        };
        var runs = EveryCellRunsTwice.LessonFiles().Select(NotebookRuns.Get).ToList();
        foreach (var run in runs)
            File.WriteAllText(Path.Combine(folder, Path.GetFileNameWithoutExtension(run.RelativePath) + ".html"), HtmlReport.Render(run.Result));
        File.WriteAllText(Path.Combine(folder, "index.html"), GalleryIndex.Render([.. runs.Select(r => new GalleryEntry(r.Result, Path.GetFileNameWithoutExtension(r.RelativePath) + ".html"))]));
        return folder;
    }

    [SkippableFact]
    public void The_index_links_every_lesson_and_loads_without_errors()
    {
        RequireChromium();
        var (dom, errors) = Page("index.html");
        Assert.Empty(errors);
        foreach (var lesson in EveryCellRunsTwice.LessonFiles())
            Assert.Contains($"href=\"{Path.GetFileNameWithoutExtension(lesson)}.html\"", dom);
    }

    [SkippableTheory]
    [MemberData(nameof(EveryCellRunsTwice.Lessons), MemberType = typeof(EveryCellRunsTwice))]
    public void Each_lesson_report_draws_its_charts_offline(string notebook)
    {
        RequireChromium();
        var (dom, errors) = Page(Path.GetFileNameWithoutExtension(notebook) + ".html");
        Assert.True(errors.Count == 0, $"{notebook}'s report raised: {string.Join("; ", errors)}");
        // Every lesson draws at least one Gantt chart; plotly.js marks each drawn chart's root.
        Assert.True(HeadlessChromium.CountBarPoints(dom) > 0, $"{notebook}'s report drew no Gantt bars offline.");
        // The Plotly.NET charts draw from the embedded plotly.js too: each one drawn, none showing its offline hint.
        var plotlyNetCharts = Regex.Count(dom, "<div class=\"concurrency-lab-plotlynet\"");
        Assert.Equal(plotlyNetCharts, Regex.Count(dom, "<div class=\"concurrency-lab-plotlynet\" id=\"[^\"]+\" data-drawn=\"true\""));
        Assert.DoesNotMatch("class=\"cl-plotlynet-hint\" style=\"[^\"]*display: block", dom);
    }

    private static void RequireChromium()
    {
        if (HeadlessChromium.Available) return;
        var message = $"{HeadlessChromium.Executable} is not installed (apt-get install -y chromium).";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))) Assert.Fail(message + " CI requires it.");
        Skip.If(true, message);
    }
}
