using System.Globalization;
using NotebookRunner.Execution;

namespace NotebookRunner.Cli;

/// <summary>A command line the runner cannot use (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>The parsed command line.</summary>
internal sealed record CliOptions(IReadOnlyList<string> Inputs, string? OutDirectory, TimeSpan CellTimeout, bool AllowErrors, bool Gallery, bool Help)
{
    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CliOptions([], null, RunSettings.DefaultCellTimeout, AllowErrors: false, Gallery: false, Help: false);
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "-h" or "--help" or "-?" => options with { Help = true },
                "--out" or "-o" => options with { OutDirectory = Value(args, ref i) },
                "--cell-timeout" => options with { CellTimeout = Seconds(Value(args, ref i)) },
                "--allow-errors" => options with { AllowErrors = true },
                "--gallery" or "--index" => options with { Gallery = true },
                ['-', _, ..] => throw new UsageException($"unknown option '{args[i]}'. Run with --help to see the options."),
                var input => options with { Inputs = [.. options.Inputs, input] },
            };
        }
        if (!options.Help && options.Inputs.Count == 0)
            throw new UsageException("no notebook given. Usage: NotebookRunner <notebook-or-folder>... [--out DIR] (see --help).");
        return options;
    }

    /// <summary>The value after the option at <paramref name="i"/>, which then points at that value.</summary>
    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            throw new UsageException($"{args[i]} needs a value.");
        return args[++i];
    }

    private static TimeSpan Seconds(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 86_400
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"--cell-timeout expects a number of seconds between 0 and 86400, not '{text}'.");

    /// <summary>What --help prints (Cli/Help.txt, embedded): the options, the kernel, the output and every exit code.</summary>
    public static string HelpText => new StreamReader(typeof(CliOptions).Assembly.GetManifestResourceStream("Help.txt")!).ReadToEnd().TrimEnd();
}
