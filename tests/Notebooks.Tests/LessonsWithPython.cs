using System.Text.Json.Nodes;

namespace Notebooks.Tests;

/// <summary>
/// Where Python 3 with ipykernel is installed (always in CI), every lesson with live Python cells really connects
/// it: the claim tests judge the Python results only when the lesson says it connected, so a connect that fell back
/// to the stand-in must fail here instead of letting those claims pass unjudged.
/// </summary>
public class LessonsWithPython
{
    internal static bool PythonKernelInstalled =>
        new[] { "/usr/share/jupyter/kernels/python3", "/usr/local/share/jupyter/kernels/python3",
                Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local/share/jupyter/kernels/python3") }
            .Any(d => File.Exists(Path.Combine(d, "kernel.json")));

    /// <summary>Every lesson and solution with at least one cell for the python kernel.</summary>
    public static string[] AllWithPythonCells()
    {
        var folder = NotebookRuns.NotebooksFolder;
        return Directory.GetFiles(folder, "*.ipynb").Concat(Directory.GetFiles(Path.Combine(folder, "solutions"), "*.ipynb"))
            .Where(p => JsonNode.Parse(File.ReadAllText(p))!["cells"]!.AsArray()
                .Any(c => (string?)c!["metadata"]?["polyglot_notebook"]?["kernelName"] == "python"))
            .Select(p => Path.GetRelativePath(folder, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Those run by the runner with Python: one solution runs with Python hidden and another through
    /// Jupyter's client, each with tests of its own.</summary>
    public static TheoryData<string> NotebooksWithPythonCells() =>
        new(AllWithPythonCells().Where(p => p is not NotebookRuns.SolutionWithoutPython and not NotebookRuns.SolutionThroughJupyter));

    [SkippableTheory]
    [MemberData(nameof(NotebooksWithPythonCells))]
    public void Connects_the_python_kernel_where_it_is_installed(string notebook)
    {
        var inCi = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        if (!PythonKernelInstalled)
        {
            Assert.False(inCi, "CI installs python3-ipykernel: its python3 kernel spec is missing.");
            Skip.If(true, "no python3 Jupyter kernel spec here (install python3 with ipykernel)");
        }
        var run = NotebookRuns.GetGreen(notebook);
        Assert.True(run.Text.Contains("connected as kernel 'python'", StringComparison.Ordinal),
            $"{notebook}: Python is installed but the lesson ran without it:\n{run.Text}");
        // The connect also ran hold_replies() in Python (reply_hold.py): without it a reply can be lost and a cell hang.
        Assert.True(run.Text.Contains("each cell waits 50 ms before it runs", StringComparison.Ordinal),
            $"{notebook}: the Python kernel's replies are not held:\n{run.Text}");
    }
}
