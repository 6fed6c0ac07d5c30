namespace Notebooks.Tests;

/// <summary>
/// A solution with live Python cells, executed by Jupyter's own client with the tool's .net-csharp kernel: Jupyter
/// sends only each cell's text (no VS Code metadata), so every Python cell reaches Python through its #!python line.
/// Zero errors; Python connects as in the runner, its message shown once and nothing else; no compiler warning.
/// </summary>
public class JupyterClientRunsASolution
{
    private static JupyterRun Run => JupyterRuns.Get(NotebookRuns.SolutionThroughJupyter);

    [SkippableFact]
    public void Runs_every_cell_with_zero_errors()
    {
        var run = Run;
        Assert.NotEmpty(run.CodeCells);
        Assert.All(run.CodeCells, c => Assert.NotNull(c.Cell["execution_count"]));
        Assert.True(run.Errors.Count == 0, run.Describe());
        // The lesson's charts arrived as HTML from the kernel.
        Assert.Contains(run.CodeCells.SelectMany(c => JupyterRun.Outputs(c.Cell)), o => o["data"]?["text/html"] is not null);
    }

    [SkippableFact]
    public void Python_connects_and_the_connecting_cell_shows_its_message_once_and_no_result()
    {
        Skip.IfNot(LessonsWithPython.PythonKernelInstalled, "no python3 Jupyter kernel spec here (install python3 with ipykernel)");
        var run = Run;
        var connecting = run.CodeCells.Single(c => JupyterRun.Source(c.Cell).Contains("PythonKernel.ConnectAsync(", StringComparison.Ordinal));
        var outputs = JupyterRun.Outputs(connecting.Cell).ToList();
        var shown = string.Join("\n", outputs.Select(JupyterRun.Text));
        Assert.Contains("connected as kernel 'python'", shown);
        Assert.Contains("each cell waits 50 ms before it runs", shown);
        Assert.True(outputs.All(o => (string?)o["output_type"] != "execute_result"),
            $"the connecting cell shows a result nobody asked for:\n{shown}");
        Assert.Equal(1, CountOf(run.AllText, "connected as kernel 'python'"));
    }

    [SkippableFact]
    public void Every_python_cell_runs_in_python()
    {
        Skip.IfNot(LessonsWithPython.PythonKernelInstalled, "no python3 Jupyter kernel spec here (install python3 with ipykernel)");
        var run = Run;
        var pythonCells = run.CodeCells.Where(c => JupyterRun.Source(c.Cell).StartsWith("#!python", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pythonCells);
        foreach (var (index, cell) in pythonCells)
        {
            var shown = string.Join("\n", JupyterRun.Outputs(cell).Select(JupyterRun.Text));
            Assert.False(shown.Contains("Python cell not run", StringComparison.Ordinal), $"cell {index} did not run in Python: {shown}");
            Assert.True(shown.Length > 0, $"cell {index} printed nothing; its code prints what it measured.");
        }
    }

    [SkippableFact]
    public void No_cell_shows_a_compiler_warning()
    {
        var warnings = Run.CodeCells
            .SelectMany(c => JupyterRun.Outputs(c.Cell).Where(o => (string?)o["name"] == "stderr")
                .Select(o => (c.Index, Text: JupyterRun.Text(o))))
            .Where(w => w.Text.Contains("warning CS", StringComparison.Ordinal))
            .Select(w => $"cell {w.Index}: {w.Text.Trim()}")
            .ToList();
        Assert.True(warnings.Count == 0, string.Join("\n", warnings));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
