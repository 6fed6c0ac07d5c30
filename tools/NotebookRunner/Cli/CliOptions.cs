using System.Globalization;
using NotebookRunner.Execution;

namespace NotebookRunner.Cli;

/// <summary>A command line the runner cannot use (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>The parsed command line.</summary>
internal sealed record CliOptions(
    IReadOnlyList<string> Inputs,
    string? OutDirectory,
    TimeSpan CellTimeout,
    bool AllowErrors,
    bool Gallery,
    bool Help)
{
    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        var inputs = new List<string>();
        string? outDirectory = null;
        var timeout = RunSettings.DefaultCellTimeout;
        bool allowErrors = false, gallery = false, help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    help = true;
                    break;
                case "--out" or "-o":
                    outDirectory = Value(args, ref i, arg);
                    break;
                case "--cell-timeout":
                    var text = Value(args, ref i, arg);
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 86_400)
                        throw new UsageException($"--cell-timeout expects a number of seconds between 0 and 86400, not '{text}'.");
                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                case "--allow-errors":
                    allowErrors = true;
                    break;
                case "--gallery" or "--index":
                    gallery = true;
                    break;
                default:
                    if (arg.StartsWith('-') && arg.Length > 1)
                        throw new UsageException($"unknown option '{arg}'. Run with --help to see the options.");
                    inputs.Add(arg);
                    break;
            }
        }
        if (!help && inputs.Count == 0)
            throw new UsageException("no notebook given. Usage: NotebookRunner <notebook-or-folder>... [--out DIR] (see --help).");
        return new CliOptions(inputs, outDirectory, timeout, allowErrors, gallery, help);
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string option)
    {
        if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal)))
            throw new UsageException($"{option} needs a value.");
        return args[++i];
    }

    public const string HelpText = """
        NotebookRunner: runs notebooks (.ipynb) headless in the genuine .NET Interactive kernel and writes, for each,
        the executed notebook and an HTML report that works offline.

        Usage:
          NotebookRunner <notebook-or-folder>... [--out DIR] [--cell-timeout SECONDS] [--allow-errors] [--gallery]

        Arguments:
          <notebook-or-folder>   A .ipynb file, or a folder: every *.ipynb directly in it, in name order.

        Options:
          --out DIR, -o DIR      Where to write NAME.ipynb (executed, with outputs) and NAME.html (report). Notebooks keep
                                 their path relative to the folder they share (notebooks/ and notebooks/solutions/ give
                                 DIR/NN.html and DIR/solutions/NN.html). Default: artifacts/notebooks/ under the
                                 repository root (or the current folder). Files are written atomically; a source
                                 notebook is never overwritten.
          --cell-timeout SECONDS A cell running longer is stopped (its kernel is killed), the run ends and the exit code
                                 is 124. Default: 120; the first cell of a notebook gets 30 s more (compiler warm-up).
          --allow-errors         As nbclient's allow_errors: run every cell even after one fails, keep the errors in
                                 the outputs, and exit with 0. Without it a notebook stops at its first failing cell
                                 (later cells are not run) and the exit code is 1. A cell tagged "raises-exception"
                                 may always fail.
          --gallery, --index     Also write DIR/index.html linking every report with its title and run time.
          -h, --help             Show this help.

        The kernel: the tool microsoft.dotnet-interactive pinned in the repository's .config/dotnet-tools.json, restored
        with 'dotnet tool restore' when missing, started as the editor starts it: 'dotnet tool run dotnet-interactive --
        stdio --default-kernel <the notebook's default kernel> --working-dir <the notebook's folder>', one process per
        notebook. Each code cell is sent as one SubmitCode to the kernel its metadata names (C#, F#, PowerShell, a
        connected Python kernel, ...); everything the kernel supports works, exactly as in the editor. Output beyond
        1,000,000 characters per cell is cut, with a note. When a notebook ends, its kernel and every process it
        started are stopped.

        Output: one line per code cell (cell number, status, milliseconds, kernel), then a summary per notebook with
        its run time and each failed cell.

        Exit codes:
          0    every cell passed (or --allow-errors)
          1    a cell failed (that notebook stopped there; the other notebooks still ran)
          2    bad usage, or a notebook that cannot be read (malformed JSON, nbformat other than 4): nothing is written
          3    the kernel could not be started (tool not restorable, or it ended before it was ready)
          124  a cell exceeded --cell-timeout: the run stops there, the reports so far are written
        """;
}
