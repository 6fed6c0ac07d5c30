using ConcurrencyLab.TestSupport;
using NotebookRunner.Report;

namespace Notebooks.Tests;

/// <summary>
/// A Python program no lesson mentions (a bounded queue between two tasks of a TaskGroup, then wait_for giving up),
/// typed into a Python cell as a learner does in lesson 05, plays tick by tick from CPython's own loop: in the
/// notebook, read back in C#, and in the runner's HTML report, where the player starts in a browser with no network.
/// </summary>
public class AnAsyncioProgramNoLessonMentions
{
    /// <summary>The sample notebook, relative to notebooks/ (it runs with the scheduled runs).</summary>
    internal const string Notebook = "../tests/Notebooks.Tests/Samples/an-asyncio-program-no-lesson-mentions.ipynb";

    private static NotebookRun RunWithPython()
    {
        var run = NotebookRuns.GetGreen(Notebook);
        if (run.Var<bool>("pythonConnected")) return run;
        const string message = "No Python kernel connected (Python 3 with ipykernel is missing), so there is no recording to play.";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))) Assert.Fail(message + " CI requires Python.");
        Skip.If(true, message);
        return run;
    }

    [SkippableFact]
    public void It_plays_tick_by_tick_from_CPythons_own_loop_in_the_notebook()
    {
        var run = RunWithPython();
        Assert.Equal("completed", run.Var<string>("ended"));
        // The producer puts 0, 1, 2 half a second apart and then None, so the group ends at 1.5 s; wait_for gives up
        // 1 s later, and main prints both lines in that one step: on the virtual clock, at exactly 2.5 s.
        Assert.Equal(["gave up after 1 s", "squares [0, 1, 4]"], run.Var<string[]>("printed"));
        Assert.Equal([2.5, 2.5], run.Var<double[]>("printedAtSeconds"));
        // Each task is shown at the line of the learner's cell where it waits, never at a line of asyncio's.
        var suspendedAt = run.Var<string[]>("suspendedAt");
        Assert.Contains("consumer: while (item := await queue.get()) is not None:", suspendedAt);
        Assert.Contains("producer: await asyncio.sleep(0.5)", suspendedAt);
        Assert.Contains("main: await asyncio.wait_for(asyncio.sleep(10), timeout=1)", suspendedAt);
        Assert.True(run.Var<int>("ticks") > 6, $"{run.Var<int>("ticks")} ticks");
    }

    [SkippableFact]
    public void It_plays_in_the_html_report_offline()
    {
        var run = RunWithPython();
        if (!HeadlessChromium.Available)
        {
            var message = $"{HeadlessChromium.Executable} is not installed (apt-get install -y chromium).";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))) Assert.Fail(message + " CI requires it.");
            Skip.If(true, message);
        }
        var folder = Directory.CreateTempSubdirectory("concurrency-lab-own-program-").FullName;
        try
        {
            var report = Path.Combine(folder, "report.html");
            File.WriteAllText(report, HtmlReport.Render(run.Result));
            var (dom, errors) = HeadlessChromium.LoadCollectingErrors(report);
            Assert.True(errors.Count == 0, "the report raised: " + string.Join("; ", errors));
            // The player's script started (data-ready) at the first tick, with the recording's ticks in its data.
            Assert.Matches("class=\"concurrency-lab-player\"[^>]*data-ready=\"true\"|data-ready=\"true\"[^>]*class=\"concurrency-lab-player\"", dom);
            Assert.Contains("gave up after 1 s", dom);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
