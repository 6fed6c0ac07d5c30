using System.Globalization;
using NotebookRunner.Execution;
using NotebookRunner.Notebook;
using NotebookRunner.Report;

namespace NotebookRunner.Cli;

/// <summary>The runner's command line: reads every notebook first, runs them, writes the reports, sets the exit code.</summary>
internal static class CommandLine
{
    public const int Ok = 0, CellFailed = 1, BadInput = 2, TimedOut = 124;

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

        var repoRoot = RepositoryRoot.Find(Directory.GetCurrentDirectory());
        var outDirectory = Path.GetFullPath(options.OutDirectory ?? Path.Combine(repoRoot ?? Directory.GetCurrentDirectory(), "artifacts", "notebooks"));
        List<NotebookDocument> documents;
        try
        {
            var paths = ExpandInputs(options.Inputs);
            CheckOutputs(paths, outDirectory);
            // Read every notebook before running any: a malformed one means nothing is written.
            documents = paths.Select(NotebookDocument.Load).ToList();
        }
        catch (Exception e) when (e is UsageException or NotebookFormatException)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return BadInput;
        }

        var nugetCache = Path.Combine(repoRoot is null ? outDirectory : Path.Combine(repoRoot, "artifacts"), "nuget-cache");
        var results = new List<NotebookResult>();
        var exitCode = Ok;
        foreach (var document in documents)
        {
            await stdout.WriteLineAsync($"▶ {Path.GetRelativePath(Directory.GetCurrentDirectory(), document.Path)}");
            var result = await NotebookExecutor.RunAsync(document, new RunOptions
            {
                CellTimeout = options.CellTimeout,
                NuGetCacheDirectory = nugetCache,
                OnCellFinished = cell => stdout.WriteLine(CellLine(cell)),
            });
            results.Add(result);
            Write(outDirectory, result);
            await stdout.WriteLineAsync(NotebookSummary(result));
            foreach (var failed in result.FailedCells)
                foreach (var line in failed.ErrorLines)
                    await stdout.WriteLineAsync($"    ✗ {line}");
            if (result.TimedOut)
            {
                var cell = result.Cells.First(c => c.Status == CellStatus.TimedOut);
                await stderr.WriteLineAsync($"error: {Path.GetFileName(document.Path)} cell {cell.Number} exceeded the cell timeout of {options.CellTimeout.TotalSeconds:0.###} s; the run stops here.");
                exitCode = TimedOut;
                break;
            }
            if (!result.Succeeded && !options.AllowErrors) exitCode = CellFailed;
        }

        if (options.Gallery)
        {
            AtomicFile.WriteAllText(Path.Combine(outDirectory, "index.html"), GalleryIndex.Render(results));
            await stdout.WriteLineAsync($"gallery: {Path.Combine(outDirectory, "index.html")}");
        }
        await stdout.WriteLineAsync(OverallSummary(results, outDirectory));
        return exitCode;
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

    /// <summary>Refuses to write over a source notebook, or two notebooks to the same report.</summary>
    private static void CheckOutputs(IReadOnlyList<string> sources, string outDirectory)
    {
        var sourceSet = new HashSet<string>(sources, StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in sources)
        {
            var target = Path.Combine(outDirectory, Path.GetFileName(source));
            if (sourceSet.Contains(target))
                throw new UsageException($"--out {outDirectory} would overwrite the source notebook {target}; choose another output folder.");
            if (!names.TryAdd(Path.GetFileName(source), source))
                throw new UsageException($"{source} and {names[Path.GetFileName(source)]} have the same name and would overwrite each other's report in {outDirectory}; run them separately with different --out folders.");
        }
    }

    private static void Write(string outDirectory, NotebookResult result)
    {
        var name = Path.GetFileNameWithoutExtension(result.Document.Path);
        AtomicFile.WriteAllText(Path.Combine(outDirectory, name + ".ipynb"), ExecutedNotebookWriter.ToJson(result));
        AtomicFile.WriteAllText(Path.Combine(outDirectory, name + ".html"), HtmlReport.Render(result));
    }

    internal static string CellLine(CellResult cell)
    {
        var status = cell.Status switch
        {
            CellStatus.Passed => "ok",
            CellStatus.Failed => "FAILED",
            CellStatus.Skipped => "skipped",
            CellStatus.TimedOut => "TIMEOUT",
            _ => cell.Status.ToString().ToLowerInvariant(),
        };
        var line = string.Create(CultureInfo.InvariantCulture, $"  cell {cell.Number,3}  {status,-8} {cell.ElapsedMs,8:0} ms");
        return cell.Warning is null ? line : $"{line}  warning: {cell.Warning}";
    }

    private static string NotebookSummary(NotebookResult r)
    {
        var code = r.Cells.Where(c => c.Cell.IsCode).ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"  {Path.GetFileName(r.Document.Path)}: {code.Count(c => c.Status == CellStatus.Passed)} ok, {r.FailedCells.Count()} failed, {code.Count(c => c.Status == CellStatus.Skipped)} skipped, {code.Count(c => c.Status == CellStatus.NotRun)} not run; run time {r.TotalMs / 1000:0.00} s (start-up {r.WarmupMs:0} ms)");
    }

    private static string OverallSummary(IReadOnlyList<NotebookResult> results, string outDirectory)
    {
        var failedNotebooks = results.Count(r => !r.Succeeded);
        var lines = new List<string> { $"Summary: {results.Count} notebook(s), {results.Count - failedNotebooks} green, {failedNotebooks} with failures; reports in {outDirectory}" };
        foreach (var r in results)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  {(r.Succeeded ? "✓" : "✗")} {Path.GetFileName(r.Document.Path),-40} {r.TotalMs / 1000,7:0.00} s"));
        foreach (var r in results)
            foreach (var c in r.FailedCells)
                lines.Add($"  failed: {Path.GetFileName(r.Document.Path)} cell {c.Number} ({c.Status.ToString().ToLowerInvariant()})");
        return string.Join(Environment.NewLine, lines);
    }
}
