using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookRunner.Execution;

namespace Notebooks.Tests;

/// <summary>
/// On a machine without Python 3 and ipykernel, a notebook with live Python cells still runs green: each Python cell's
/// place shows the one line saying what to install, and the C# cells do not fail for want of Python's values. Proven by
/// running one solution with Python hidden; for every other notebook, a static check that each C# cell that uses a value
/// shared from Python first asks whether Python is connected.
/// </summary>
public partial class LessonsWithoutPython
{
    [Fact]
    public void A_solution_runs_green_with_a_note_in_each_python_cell()
    {
        var run = NotebookRuns.Get(NotebookRuns.SolutionWithoutPython);
        Assert.True(run.Succeeded, run.Describe());
        var pythonCells = run.Result.Cells.Where(c => c.Cell.IsCode && c.Cell.KernelName == "python").ToList();
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
                $"{run.RelativePath} cell {cell.Number} shows no note saying what to install: '{shown}'");
        }
    }

    public static TheoryData<string> NotebooksWithPythonCells() => new(LessonsWithPython.AllWithPythonCells());

    /// <summary>
    /// A value shared from Python (<c>#!set --name x --value @python:y</c>) is the stand-in's placeholder when Python is
    /// missing: every C# cell that shares or uses one must test <c>PythonKernel.IsConnected</c> (directly or through a
    /// variable set from it) before it relies on the value.
    /// </summary>
    [Theory]
    [MemberData(nameof(NotebooksWithPythonCells))]
    public void Every_csharp_cell_using_a_python_value_checks_that_python_is_connected(string notebook)
    {
        var cells = JsonNode.Parse(File.ReadAllText(Path.Combine(NotebookRuns.NotebooksFolder, notebook)))!["cells"]!.AsArray()
            .Select((c, i) => (Index: i, Kernel: (string?)c!["metadata"]?["polyglot_notebook"]?["kernelName"] ?? "csharp",
                Type: (string?)c["cell_type"], Source: JupyterRun.Source(c)))
            .Where(c => c.Type == "code" && c.Kernel == "csharp")
            .ToList();
        var shared = cells.SelectMany(c => SharedFromPython().Matches(c.Source).Select(m => m.Groups["name"].Value)).ToHashSet();
        var connectedFlags = cells.SelectMany(c => FlagFromIsConnected().Matches(c.Source).Select(m => m.Groups["flag"].Value))
            .Append("PythonKernel.IsConnected").ToList();
        var problems = cells
            .Where(c => shared.Any(name => Regex.IsMatch(c.Source, $@"\b{Regex.Escape(name)}\b")))
            .Where(c => !connectedFlags.Any(flag => Regex.IsMatch(c.Source, $@"(?<![\w.]){Regex.Escape(flag)}\b")))
            .Select(c => $"cell {c.Index} uses a value shared from Python ({string.Join(", ", shared.Where(n => Regex.IsMatch(c.Source, $@"\b{Regex.Escape(n)}\b")))}) without checking PythonKernel.IsConnected")
            .ToList();
        Assert.True(problems.Count == 0, $"{notebook}:\n  {string.Join("\n  ", problems)}");
    }

    [GeneratedRegex(@"#!set\s+--name\s+(?<name>\w+)\s+--value\s+@python:")]
    private static partial Regex SharedFromPython();

    [GeneratedRegex(@"\b(?:var|bool)\s+(?<flag>\w+)\s*=\s*PythonKernel\.IsConnected\b")]
    private static partial Regex FlagFromIsConnected();
}
