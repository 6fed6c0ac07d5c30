using System.Text.Json.Nodes;
using NotebookRunner.Execution;
using NotebookRunner.Notebook;

namespace Notebooks.Tests;

/// <summary>
/// On a machine without Python 3 and ipykernel, every lesson with live Python cells still runs green: each Python
/// cell's place shows the one line saying what to install, and the C# cells do not fail for want of Python's values.
/// Python is hidden from the kernel the way a machine without it looks: a `jupyter` on PATH that knows no kernel spec.
/// </summary>
public class LessonsWithoutPython
{
    /// <summary>The lessons (not solutions) with at least one cell for the python kernel.</summary>
    public static TheoryData<string> LessonsWithPythonCells()
    {
        var found = Directory.GetFiles(NotebookRuns.NotebooksFolder, "*.ipynb")
            .Where(HasPythonCell)
            .Select(p => Path.GetFileName(p)!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(found.Length > 0, "no lesson has a live Python cell; the asyncio originals are meant to run beside the C#.");
        return new TheoryData<string>(found);
    }

    [Theory]
    [MemberData(nameof(LessonsWithPythonCells))]
    public void Runs_green_with_a_note_in_each_python_cell(string lesson)
    {
        var noPython = Directory.CreateTempSubdirectory("concurrency-lab-no-python-").FullName;
        try
        {
            var jupyter = Path.Combine(noPython, "jupyter");
            File.WriteAllText(jupyter, "#!/bin/sh\necho '{\"kernelspecs\": {}}'\n");
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(jupyter, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var options = new RunOptions
            {
                AllowErrors = true,
                FallbackToolDirectory = NotebookRuns.RepositoryRootPath,
                KernelEnvironment = new Dictionary<string, string?>
                {
                    ["PATH"] = noPython + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
                    ["JUPYTER_PATH"] = noPython,
                },
            };
            var notebook = NotebookFile.Load(Path.Combine(NotebookRuns.NotebooksFolder, lesson));
            var result = NotebookRuns.Exclusive(() => Task.Run(() => NotebookExecutor.RunAsync(notebook, options)).GetAwaiter().GetResult());
            var run = new NotebookRun(lesson, result);

            Assert.True(run.Succeeded, run.Describe());
            var pythonCells = result.Cells.Where(c => c.Cell.IsCode && c.Cell.KernelName == "python").ToList();
            Assert.NotEmpty(pythonCells);
            foreach (var cell in pythonCells)
            {
                var shown = string.Concat(cell.Outputs.Select(o => o switch
                {
                    StreamOutput s => s.Text.ToString(),
                    DisplayOutput d => string.Join("\n", d.Data.Values),
                    _ => "",
                }));
                Assert.True(shown.Contains("Python cell not run", StringComparison.Ordinal) && shown.Contains("ipykernel", StringComparison.Ordinal),
                    $"{lesson} cell {cell.Number} shows no note saying what to install: '{shown}'");
            }
        }
        finally
        {
            try { Directory.Delete(noPython, recursive: true); } catch (IOException) { }
        }
    }

    private static bool HasPythonCell(string path) =>
        JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray()
            .Any(c => (string?)c!["metadata"]?["polyglot_notebook"]?["kernelName"] == "python");
}
