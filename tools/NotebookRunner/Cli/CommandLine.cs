using NotebookRunner.Execution;
using NotebookRunner.Ipynb;
using NotebookRunner.Report;

namespace NotebookRunner.Cli;

/// <summary>The runner's command line: reads every notebook first, runs each in its own kernel of the session,
/// writes the reports, sets the exit code.</summary>
internal static class CommandLine
{
    public const int Ok = 0, CellFailed = 1, BadInput = 2, KernelUnavailable = 3, TimedOut = 124;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, RunSession session)
    {
        CliOptions options;
        string outDirectory;
        var repoRoot = RepositoryRoot.Find(Directory.GetCurrentDirectory());
        List<(NotebookFile Notebook, NotebookOutputs Outputs)> work;
        try
        {
            options = CliOptions.Parse(args);
            if (options.Help)
            {
                await stdout.WriteLineAsync(CliOptions.HelpText);
                return Ok;
            }
            outDirectory = Path.GetFullPath(options.OutDirectory ?? Path.Combine(repoRoot ?? Directory.GetCurrentDirectory(), "artifacts", "notebooks"));
            // Read every notebook before running any: a malformed one means nothing is written.
            var paths = options.Inputs.SelectMany(NotebooksNamedBy).Select(Path.GetFullPath).Distinct().ToList();
            work = [.. OutputPlan.Make(paths, outDirectory).Select(p => (NotebookFile.Load(p.Source), p))];
        }
        catch (Exception e) when (e is UsageException or NotebookFormatException)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return BadInput;
        }

        var settings = new RunSettings(options.CellTimeout, options.AllowErrors)
        {
            OnNotebookStarted = notebook => stdout.WriteLine($"▶ {Path.GetRelativePath(Directory.GetCurrentDirectory(), notebook.Path)}"),
            OnCellFinished = cell => stdout.WriteLine(ProgressText.CellLine(cell)),
        };
        var reports = new List<GalleryEntry>();
        await foreach (var result in session.RunAllAsync([.. work.Select(w => w.Notebook)], settings, repoRoot))
        {
            var outputs = work[reports.Count].Outputs;
            reports.Add(new GalleryEntry(result, outputs.RelativeReport));
            // An interrupted run's notebook is unfinished: what was there stays.
            if (!session.Interrupted)
            {
                AtomicFile.WriteAllText(outputs.ExecutedNotebook, ExecutedNotebookWriter.ToJson(result));
                AtomicFile.WriteAllText(outputs.Report, HtmlReport.Render(result));
            }
            await stdout.WriteLineAsync(ProgressText.NotebookSummary(result));
            var name = Path.GetFileName(result.Notebook.Path);
            if (result.KernelProblem is { } problem) await stderr.WriteLineAsync($"error: {name}: {problem}");
            if (result.Cells.FirstOrDefault(c => c.Status == CellStatus.TimedOut) is not { } timedOut) continue;
            await stderr.WriteLineAsync($"error: {name} cell {timedOut.Number} exceeded the cell timeout of {options.CellTimeout.TotalSeconds:0.###} s; the run stops here.");
            break;
        }

        if (options.Gallery && !session.Interrupted)
        {
            AtomicFile.WriteAllText(Path.Combine(outDirectory, "index.html"), GalleryIndex.Render(reports));
            await stdout.WriteLineAsync($"gallery: {Path.Combine(outDirectory, "index.html")}");
        }
        await stdout.WriteLineAsync(ProgressText.OverallSummary(reports, outDirectory));
        var results = reports.Select(r => r.Result).ToList();
        return results.Any(r => r.TimedOut) ? TimedOut
            : results.Any(r => r.KernelProblem is not null) ? KernelUnavailable
            : results.Any(r => !r.Succeeded) && !options.AllowErrors ? CellFailed
            : Ok;
    }

    /// <summary>The notebooks an input names: a .ipynb file, or every *.ipynb directly in a folder, in name order.</summary>
    private static IEnumerable<string> NotebooksNamedBy(string input) =>
        Directory.Exists(input) ? Directory.GetFiles(input, "*.ipynb") is { Length: > 0 } found
            ? found.Order(StringComparer.Ordinal)
            : throw new UsageException($"folder '{input}' holds no .ipynb file.")
        : !File.Exists(input) ? throw new UsageException($"no such notebook or folder: '{input}'.")
        : input.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) ? [input]
        : throw new UsageException($"'{input}' is not a .ipynb notebook.");
}
