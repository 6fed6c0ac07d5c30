namespace Notebooks.Tests;

/// <summary>
/// In a workshop people re-run cells: after a question, after a typo, after a chart they want to see again.
/// Every lesson must take that: each code cell run twice in a row stays green (a server that was not stopped,
/// a port still taken, a variable that cannot be declared again would fail here).
/// </summary>
public class EveryCellRunsTwice
{
    /// <summary>The lessons in notebooks/ (not the solutions), by file name; the basic sample while there are none.</summary>
    public static string[] LessonFiles()
    {
        var lessons = Directory.GetFiles(NotebookRuns.NotebooksFolder, "*.ipynb")
            .Select(path => Path.GetFileName(path))
            .Order(StringComparer.Ordinal)
            .ToArray();
        return lessons.Length > 0 ? lessons : [AllNotebooksRunGreen.SampleWhenNoLessons];
    }

    public static TheoryData<string> Lessons() => new(LessonFiles());

    [Theory]
    [MemberData(nameof(Lessons))]
    public void Each_cell_can_be_run_twice_in_a_row(string notebook)
    {
        var run = NotebookRuns.Get(notebook); // a lesson's run runs each cell twice
        Assert.True(run.Succeeded, $"{notebook}, each cell run twice, failed:\n  {string.Join("\n  ", run.Errors)}");
    }
}
