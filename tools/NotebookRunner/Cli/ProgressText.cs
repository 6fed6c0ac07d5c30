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
        lines.AddRange(reports.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"  {(r.Result.Succeeded ? "✓" : "✗")} {Path.ChangeExtension(r.RelativeReportPath, ".ipynb"),-48} {r.Result.TotalMs / 1000,7:0.00} s")));
        lines.AddRange(reports.SelectMany(r => r.Result.FailedCells.Select(c =>
            $"  failed: {Path.ChangeExtension(r.RelativeReportPath, ".ipynb")} cell {c.Number} ({c.Status.ToString().ToLowerInvariant()})")));
        return string.Join(Environment.NewLine, lines);
    }
}
