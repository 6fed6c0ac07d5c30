using System.Globalization;
using NotebookRunner.Execution;
using NotebookRunner.Kernel;
using NotebookRunner.Notebook;
using NotebookRunner.Report;

namespace NotebookRunner.Cli;

/// <summary>The runner's command line: reads every notebook first, runs each in its own kernel, writes the reports,
/// sets the exit code.</summary>
internal static class CommandLine
{
    public const int Ok = 0, CellFailed = 1, BadInput = 2, KernelUnavailable = 3, TimedOut = 124;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        CliOptions options;
        try { options = CliOptions.Parse(args); }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return BadInput;
        }
        if (options.Help)
        {
            await stdout.WriteLineAsync(CliOptions.HelpText);
            return Ok;
        }

        var repoRoot = RepositoryRoot.Find(Directory.GetCurrentDirectory()) ?? RepositoryRoot.Find(AppContext.BaseDirectory);
        var outDirectory = Path.GetFullPath(options.OutDirectory ?? Path.Combine(repoRoot ?? Directory.GetCurrentDirectory(), "artifacts", "notebooks"));
        List<(NotebookFile Notebook, NotebookOutputs Outputs)> work;
        try
        {
            var paths = ExpandInputs(options.Inputs);
            var plan = OutputPlan.Make(paths, outDirectory);
            // Read every notebook before running any: a malformed one means nothing is written.
            work = plan.Select(p => (NotebookFile.Load(p.Source), p)).ToList();
        }
        catch (Exception e) when (e is UsageException or NotebookFormatException)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return BadInput;
        }

        var runOptions = new RunOptions
        {
            CellTimeout = options.CellTimeout,
            AllowErrors = options.AllowErrors,
            FallbackToolDirectory = repoRoot,
            OnCellFinished = cell => stdout.WriteLine(CellLine(cell)),
        };
        var results = new List<GalleryEntry>();
        var exitCode = Ok;
        // The next notebook's kernel starts as soon as the current one is ready, so its start-up is hidden.
        Task<KernelProcess>? nextKernel = NotebookExecutor.StartKernelAsync(work[0].Notebook, runOptions);
        for (var i = 0; i < work.Count; i++)
        {
            var (notebook, outputs) = work[i];
            var kernel = nextKernel ?? NotebookExecutor.StartKernelAsync(notebook, runOptions);
            nextKernel = null;
            await stdout.WriteLineAsync($"▶ {Path.GetRelativePath(Directory.GetCurrentDirectory(), notebook.Path)}");
            if (i + 1 < work.Count)
            {
                var following = work[i + 1].Notebook;
                nextKernel = kernel.ContinueWith(_ => NotebookExecutor.StartKernelAsync(following, runOptions), TaskScheduler.Default).Unwrap();
            }
            var result = await NotebookExecutor.RunAsync(notebook, runOptions, kernel);
            results.Add(new GalleryEntry(result, outputs.RelativeReport));
            Write(outputs, result);
            await stdout.WriteLineAsync(NotebookSummary(result));
            foreach (var failed in result.FailedCells)
                foreach (var line in failed.ErrorLines)
                    await stdout.WriteLineAsync($"    ✗ {line}");
            if (result.KernelProblem is { } problem)
            {
                await stderr.WriteLineAsync($"error: {Path.GetFileName(notebook.Path)}: {problem}");
                exitCode = exitCode == Ok || exitCode == CellFailed ? KernelUnavailable : exitCode;
                if (result.StartupMs >= result.TotalMs) break; // never started: the next would fail the same way
            }
            if (result.TimedOut)
            {
                var cell = result.Cells.First(c => c.Status == CellStatus.TimedOut);
                await stderr.WriteLineAsync($"error: {Path.GetFileName(notebook.Path)} cell {cell.Number} exceeded the cell timeout of {options.CellTimeout.TotalSeconds:0.###} s; the run stops here.");
                exitCode = TimedOut;
                break;
            }
            if (!result.Succeeded && !options.AllowErrors && exitCode == Ok) exitCode = CellFailed;
        }
        if (nextKernel is not null) await DiscardAsync(nextKernel);

        if (options.Gallery)
        {
            AtomicFile.WriteAllText(Path.Combine(outDirectory, "index.html"), GalleryIndex.Render(results));
            await stdout.WriteLineAsync($"gallery: {Path.Combine(outDirectory, "index.html")}");
        }
        await stdout.WriteLineAsync(OverallSummary(results, outDirectory));
        return exitCode;
    }

    private static async Task DiscardAsync(Task<KernelProcess> kernel)
    {
        try { await (await kernel).DisposeAsync(); }
        catch (KernelStartException) { }
    }

    private static List<string> ExpandInputs(IEnumerable<string> inputs)
    {
        var paths = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var found = Directory.GetFiles(input, "*.ipynb").Order(StringComparer.Ordinal).ToArray();
                if (found.Length == 0) throw new UsageException($"folder '{input}' holds no .ipynb file.");
                paths.AddRange(found);
            }
            else if (File.Exists(input))
            {
                if (!input.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
                    throw new UsageException($"'{input}' is not a .ipynb notebook.");
                paths.Add(input);
            }
            else throw new UsageException($"no such notebook or folder: '{input}'.");
        }
        return paths.Select(Path.GetFullPath).Distinct().ToList();
    }

    private static void Write(NotebookOutputs outputs, NotebookResult result)
    {
        AtomicFile.WriteAllText(outputs.ExecutedNotebook, ExecutedNotebookWriter.ToJson(result));
        AtomicFile.WriteAllText(outputs.Report, HtmlReport.Render(result));
    }

    internal static string CellLine(CellResult cell)
    {
        var status = cell.Status switch
        {
            CellStatus.Passed => "ok",
            CellStatus.Failed => cell.Cell.MayRaise ? "raised" : "FAILED",
            CellStatus.TimedOut => "TIMEOUT",
            CellStatus.NotRun => "not run",
            _ => cell.Status.ToString().ToLowerInvariant(),
        };
        return string.Create(CultureInfo.InvariantCulture, $"  cell {cell.Number,3}  {status,-8} {cell.ElapsedMs,8:0} ms  {cell.Cell.KernelName}");
    }

    private static string NotebookSummary(NotebookResult r)
    {
        var code = r.Cells.Where(c => c.Cell.IsCode).ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"  {Path.GetFileName(r.Notebook.Path)}: {code.Count(c => c.Status == CellStatus.Passed)} ok, {r.FailedCells.Count()} failed, {code.Count(c => c.Status == CellStatus.NotRun)} not run; run time {r.TotalMs / 1000:0.00} s (kernel start-up {r.StartupMs:0} ms)");
    }

    private static string OverallSummary(IReadOnlyList<GalleryEntry> results, string outDirectory)
    {
        var failedNotebooks = results.Count(r => !r.Result.Succeeded);
        var lines = new List<string> { $"Summary: {results.Count} notebook(s), {results.Count - failedNotebooks} green, {failedNotebooks} with failures; reports in {outDirectory}" };
        foreach (var (r, relative) in results)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  {(r.Succeeded ? "✓" : "✗")} {Path.ChangeExtension(relative, ".ipynb"),-48} {r.TotalMs / 1000,7:0.00} s"));
        foreach (var (r, relative) in results)
            foreach (var c in r.FailedCells)
                lines.Add($"  failed: {Path.ChangeExtension(relative, ".ipynb")} cell {c.Number} ({c.Status.ToString().ToLowerInvariant()})");
        return string.Join(Environment.NewLine, lines);
    }
}
