using ConcurrencyLab.TestSupport;
using NotebookRunner.Report;
using System.Text.RegularExpressions;

namespace NotebookRunner.Tests;

/// <summary>
/// The gallery (what --gallery writes: every report plus an index.html), rendered from two sample runs (one plain, one
/// with a Gantt chart from the helpers): viewable offline without errors. The command line's --gallery is run in
/// <see cref="CliTests"/>.
/// </summary>
public class GalleryTests
{
    private static readonly Lazy<string> Gallery = new(() =>
    {
        var outDir = TestKit.TempDirectory();
        var entries = new List<GalleryEntry>();
        foreach (var sample in new[] { "basic", "gantt" })
        {
            File.WriteAllText(Path.Combine(outDir, sample + ".html"), HtmlReport.Render(TestKit.Sample(sample).Result));
            entries.Add(new GalleryEntry(TestKit.Sample(sample).Result, sample + ".html"));
        }
        File.WriteAllText(Path.Combine(outDir, "index.html"), GalleryIndex.Render(entries));
        return outDir;
    });

    [Fact]
    public void The_index_links_every_report_with_its_title_and_run_time()
    {
        var index = File.ReadAllText(Path.Combine(Gallery.Value, "index.html"));
        Assert.Contains("<a href=\"basic.html\">basic</a></td><td>Basic sample</td>", index);
        Assert.Contains("<a href=\"gantt.html\">gantt</a></td><td>Gantt sample</td>", index);
        Assert.Equal(2, Regex.Count(index, @"<td class=""time"">\d+\.\d s</td>"));
    }

    [SkippableFact]
    public void Every_gallery_page_loads_offline_without_errors_and_draws_its_charts()
    {
        TestKit.RequireTool(HeadlessChromium.Available, "chromium (apt install chromium)");
        var pages = HeadlessChromium.LoadAllCollectingErrors(new[] { "index.html", "basic.html", "gantt.html" }.Select(p => Path.Combine(Gallery.Value, p)));
        foreach (var (path, (dom, errors)) in pages)
        {
            Assert.True(errors.Count == 0, $"{Path.GetFileName(path)}: {string.Join("; ", errors)}");
            if (Path.GetFileName(path) == "gantt.html")
                Assert.True(Regex.Count(dom, "class=\"point\"") >= 2 && dom.Contains("class=\"trace bars\""), "the Gantt bars are not drawn");
        }
        Assert.Equal(3, pages.Count);
    }
}
