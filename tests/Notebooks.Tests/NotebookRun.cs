using System.Globalization;
using System.Text;
using NotebookRunner.Execution;

namespace Notebooks.Tests;

/// <summary>
/// One executed notebook, as seen by tests: did every cell pass, what went wrong (each line names the
/// cell), the final value of its top-level variables, and all the text it printed or displayed.
/// </summary>
public sealed class NotebookRun
{
    private readonly NotebookResult _result;

    internal NotebookRun(string relativePath, NotebookResult result)
    {
        RelativePath = relativePath;
        _result = result;
        Errors = [.. result.Cells.SelectMany(c => c.ErrorLines)];
        Warnings = [.. result.Cells.Where(c => c.Warning is not null).Select(c => c.Warning!)];
        Text = BuildText(result);
    }

    /// <summary>The runner's own result: what its reports are rendered from.</summary>
    internal NotebookResult Result => _result;

    /// <summary>The notebook, relative to the notebooks folder.</summary>
    public string RelativePath { get; }

    /// <summary>True when every code cell ran without error (skipped cells of other kernels do not fail it).</summary>
    public bool Succeeded => _result.Succeeded;

    /// <summary>True when a cell exceeded the cell timeout (the run stopped there).</summary>
    public bool TimedOut => _result.TimedOut;

    /// <summary>One line per error, each starting with "cell N" or "cell N, line L".</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Warnings, e.g. cells skipped because they are for another kernel.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>All text output in cell order: stdout, stderr, the text/plain form of displayed values and
    /// results, and error messages.</summary>
    public string Text { get; }

    /// <summary>Wall-clock time of the whole run.</summary>
    public TimeSpan RunTime => TimeSpan.FromMilliseconds(_result.TotalMs);

    /// <summary>Names of the notebook's top-level variables (script state at the end of the run).</summary>
    public IReadOnlyList<string> VariableNames =>
        _result.FinalState?.Variables.Select(v => v.Name).Distinct().ToArray() ?? [];

    /// <summary>True if the notebook declared a top-level variable of that name.</summary>
    public bool HasVar(string name) => _result.FinalState?.Variables.Any(v => v.Name == name) == true;

    /// <summary>
    /// The final value of a top-level variable (the last declaration of that name wins, as in the kernel).
    /// Numbers convert between numeric types (an int read as double). A missing variable or an impossible
    /// conversion fails with a message that lists the notebook's errors and variables.
    /// </summary>
    public T Var<T>(string name)
    {
        var variable = _result.FinalState?.Variables.LastOrDefault(v => v.Name == name)
            ?? throw new KeyNotFoundException(
                $"{RelativePath} has no top-level variable '{name}'. {Describe()}");
        var value = variable.Value;
        if (value is T typed) return typed;
        if (value is null && default(T) is null) return default!;
        if (value is IConvertible && typeof(IConvertible).IsAssignableFrom(Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T)))
        {
            try { return (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture); }
            catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException) { }
        }
        throw new InvalidCastException(
            $"{RelativePath}: variable '{name}' is a {variable.Type} ({value ?? "null"}), not a {typeof(T)}.");
    }

    /// <summary>A summary for assertion messages: status, errors and variable names.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Succeeded ? "The notebook ran green." : $"The notebook failed ({Errors.Count} error(s)):");
        foreach (var error in Errors) text.Append("\n  ").Append(error);
        text.Append("\nVariables: ").Append(VariableNames.Count == 0 ? "(none)" : string.Join(", ", VariableNames));
        return text.ToString();
    }

    public override string ToString() => $"{RelativePath}: {(Succeeded ? "green" : "failed")}";

    private static string BuildText(NotebookResult result)
    {
        var text = new StringBuilder();
        foreach (var cell in result.Cells)
            foreach (var output in cell.Outputs)
            {
                switch (output)
                {
                    case StreamOutput s: text.Append(s.Text); break;
                    case DisplayOutput d when d.Data.TryGetValue("text/plain", out var plain): text.Append(plain).Append('\n'); break;
                    case ResultOutput r when r.Data.TryGetValue("text/plain", out var plain): text.Append(plain).Append('\n'); break;
                    case ErrorOutput e: text.Append(e.EName).Append(": ").Append(e.EValue).Append('\n'); break;
                }
            }
        return text.ToString();
    }
}
