using System.Globalization;
using NotebookRunner.Execution;
using NotebookRunner.Report;

namespace NotebookRunner.Cli;

/// <summary>What the command line prints: a line per code cell, a summary per notebook, and one for the whole run.</summary>
internal static class ProgressText
{
    public static string CellLine(CellResult cell)
    {
        var status = cell.Status switch
        {
            CellStatus.Passed => "ok",
            CellStatus.Failed => cell.Cell.MayRaise ? "raised" : "FAILED",
            CellStatus.TimedOut => "TIMEOUT",
            _ => "not run",
        };
        return string.Create(CultureInfo.InvariantCulture, $"  cell {cell.Number,3}  {status,-8} {cell.ElapsedMs,8:0} ms  {cell.Cell.KernelName}");
    }

    /// <summary>The notebook's counts and times, then each error of a failed cell on a line of its own.</summary>
    public static string NotebookSummary(NotebookResult r)
    {
        var code = r.Cells.Where(c => c.Cell.IsCode).ToArray();
        var counts = string.Create(CultureInfo.InvariantCulture,
            $"  {Path.GetFileName(r.Notebook.Path)}: {code.Count(c => c.Status == CellStatus.Passed)} ok, {r.FailedCells.Count()} failed, {code.Count(c => c.Status == CellStatus.NotRun)} not run; run time {r.TotalMs / 1000:0.00} s (kernel start-up {r.StartupMs:0} ms)");
        return string.Join(Environment.NewLine, [counts, .. r.FailedCells.SelectMany(c => c.ErrorLines).Select(line => $"    ✗ {line}")]);
    }

    public static string OverallSummary(IReadOnlyList<GalleryEntry> reports, string outDirectory)
    {
        var failedNotebooks = reports.Count(r => !r.Result.Succeeded);
        var lines = new List<string> { $"Summary: {reports.Count} notebook(s), {reports.Count - failedNotebooks} green, {failedNotebooks} with failures; reports in {outDirectory}" };
        foreach (var (r, relative) in reports)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  {(r.Succeeded ? "✓" : "✗")} {Path.ChangeExtension(relative, ".ipynb"),-48} {r.TotalMs / 1000,7:0.00} s"));
        foreach (var (r, relative) in reports)
            foreach (var c in r.FailedCells)
                lines.Add($"  failed: {Path.ChangeExtension(relative, ".ipynb")} cell {c.Number} ({c.Status.ToString().ToLowerInvariant()})");
        return string.Join(Environment.NewLine, lines);
    }
}
