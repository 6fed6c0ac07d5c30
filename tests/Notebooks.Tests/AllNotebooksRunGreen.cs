namespace Notebooks.Tests;

/// <summary>Every lesson and every solution notebook runs green: discovered from the folder, so a new
/// notebook is tested without editing a list. A lesson's run runs each cell twice (see <see cref="NotebookRuns"/>), and
/// the solution that runs through Jupyter's client is judged by that run too.</summary>
public class AllNotebooksRunGreen
{
    /// <summary>Stands in while notebooks/ holds no notebook, so the theory always has a case.</summary>
    internal const string SampleWhenNoLessons = "../tests/NotebookRunner.Tests/samples/basic.ipynb";

    public static TheoryData<string> Notebooks()
    {
        var folder = NotebookRuns.NotebooksFolder;
        var found = new[] { folder, Path.Combine(folder, "solutions") }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*.ipynb"))
            .Select(p => Path.GetRelativePath(folder, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        return new TheoryData<string>(found.Length > 0 ? found : [SampleWhenNoLessons]);
    }

    [SkippableTheory]
    [MemberData(nameof(Notebooks))]
    public void Runs_green(string notebook)
    {
        var run = NotebookRuns.Get(notebook);
        Assert.True(run.Succeeded, $"{notebook} failed:\n  {string.Join("\n  ", run.Errors)}");
        if (notebook == NotebookRuns.SolutionThroughJupyter)
        {
            var jupyter = JupyterRuns.Get(notebook); // skips, saying why, on a machine without Jupyter's client
            Assert.True(jupyter.Errors.Count == 0, jupyter.Describe());
        }
    }
}
