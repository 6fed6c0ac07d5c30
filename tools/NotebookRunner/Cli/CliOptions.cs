using System.Globalization;

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
        var timeout = Execution.RunOptions.DefaultCellTimeout;
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
        NotebookRunner: runs C# notebooks (.ipynb) headless, the way the .NET Interactive C# kernel runs them.

        Usage:
          NotebookRunner <notebook-or-folder>... [--out DIR] [--cell-timeout SECONDS] [--allow-errors] [--gallery]

        Arguments:
          <notebook-or-folder>   A .ipynb file, or a folder: every *.ipynb directly in it, in name order.

        Options:
          --out DIR, -o DIR      Where to write NAME.ipynb (executed, with outputs) and NAME.html (report).
                                 Default: artifacts/notebooks/ under the repository root (or the current folder).
                                 Files are written atomically; a source notebook is never overwritten.
          --cell-timeout SECONDS A cell running longer is abandoned, the run stops and the exit code is 124.
                                 Default: 120.
          --allow-errors         Cell failures still exit with 0 (the reports show the errors).
          --gallery, --index     Also write DIR/index.html linking every report with its title and run time.
          -h, --help             Show this help.

        What runs (the kernel's dialect): C# script (Roslyn scripting, C# 12); state carries from cell to cell;
        top-level await; default imports System, System.Text, System.Collections, System.Collections.Generic,
        System.Linq, System.Threading.Tasks; display(value, params string[] mimeTypes) returns a handle with
        Update(value); HTML(string). Values are formatted by Microsoft.DotNet.Interactive.Formatting.
        Directives: #r "path.dll" (relative to the notebook's folder, before any code); #load "file.csx";
        #r "nuget: Name, Version" and #r "nuget: Name" (a real restore, cached under artifacts/nuget-cache/);
        #i "nuget: source"; #!import file.cs|file.csx|file.ipynb; #!time (prints "Wall time: Nms", as the kernel does); #!csharp.
        Cells for other kernels (#!fsharp, #!pwsh, ... or cell metadata naming another kernel) are skipped
        with a warning. Output beyond 1,000,000 characters per cell is cut, with a note.

        Output: one line per code cell (cell number, status, milliseconds), then a summary per notebook with
        its run time and each failed cell.

        Exit codes:
          0    every cell passed (or --allow-errors)
          1    at least one cell failed (the run goes on; the summary names each failed cell)
          2    bad usage, or a notebook that cannot be read (malformed JSON, nbformat < 4): nothing is written
          124  a cell exceeded --cell-timeout: the run stops there, the reports so far are written
        """;
}
