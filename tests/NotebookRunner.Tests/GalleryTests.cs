using ConcurrencyLab.TestSupport;
using System.Text.RegularExpressions;

namespace NotebookRunner.Tests;

/// <summary>--gallery: every report plus an index.html, all viewable offline without errors.</summary>
public class GalleryTests
{
    private static readonly Lazy<(TestKit.CliRun Run, string Out)> Gallery = new(() =>
    {
        var dir = TestKit.TempDirectory();
        // Two small notebooks in one folder: one plain, one with a Gantt chart from the helpers.
        var notebooks = Path.Combine(dir, "notebooks");
        Directory.CreateDirectory(notebooks);
        File.Copy(Path.Combine(TestKit.Samples, "basic.ipynb"), Path.Combine(notebooks, "01-basic.ipynb"));
        var gantt = File.ReadAllText(Path.Combine(TestKit.Samples, "gantt.ipynb"))
            .Replace("../../../helpers/bin/ConcurrencyLab.dll", Path.Combine(TestKit.RepoRoot, "helpers", "bin", "ConcurrencyLab.dll"));
        File.WriteAllText(Path.Combine(notebooks, "02-gantt.ipynb"), gantt);
        var outDir = Path.Combine(dir, "gallery");
        return (TestKit.RunCli(notebooks, "--out", outDir, "--gallery"), outDir);
    });

    [Fact]
    public void The_index_links_every_report_with_its_title_and_run_time()
    {
        var (run, outDir) = Gallery.Value;
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var index = File.ReadAllText(Path.Combine(outDir, "index.html"));
        Assert.Contains("<a href=\"01-basic.html\">01-basic</a></td><td>Basic sample</td>", index);
        Assert.Contains("<a href=\"02-gantt.html\">02-gantt</a></td><td>Gantt sample</td>", index);
        Assert.Equal(2, Regex.Count(index, @"<td class=""time"">\d+\.\d s</td>"));
        Assert.Matches(@"01-basic\.ipynb +\d+\.\d\d s", run.Stdout);
    }

    [SkippableFact]
    public void Every_gallery_page_loads_offline_without_errors_and_draws_its_charts()
    {
        TestKit.RequireTool(HeadlessChromium.Available, "chromium (apt install chromium)");
        var (run, outDir) = Gallery.Value;
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        foreach (var page in new[] { "index.html", "01-basic.html", "02-gantt.html" })
        {
            var (dom, errors) = HeadlessChromium.LoadCollectingErrors(Path.Combine(outDir, page));
            Assert.True(errors.Count == 0, $"{page}: {string.Join("; ", errors)}");
            if (page == "02-gantt.html")
                Assert.True(Regex.Count(dom, "class=\"point\"") >= 2 && dom.Contains("class=\"trace bars\""), "the Gantt bars are not drawn");
        }
    }
}
