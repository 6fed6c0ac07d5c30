using System.Globalization;
using System.Text;
using System.Text.Json;
using NotebookRunner.Execution;
using NotebookRunner.Testing;

namespace Notebooks.Tests;

/// <summary>
/// One executed notebook, as seen by tests: did every cell pass, what went wrong (each line names the cell), the
/// values of its top-level variables as the kernel reports them, and all the text it printed or displayed.
/// </summary>
public sealed class NotebookRun
{
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true, PropertyNameCaseInsensitive = true };
    private readonly NotebookResult _result;
    private readonly IReadOnlyDictionary<string, KernelVariable> _variables;

    internal NotebookRun(string relativePath, TestRun run)
    {
        RelativePath = relativePath;
        (_result, _variables) = (run.Result, run.Variables);
        Errors = [.. (_result.KernelProblem is { } problem ? [problem] : Array.Empty<string>()), .. _result.Cells.SelectMany(c => c.ErrorLines)];
        Text = BuildText(_result);
    }

    /// <summary>The runner's own result: what its reports are rendered from.</summary>
    internal NotebookResult Result => _result;

    /// <summary>The notebook, relative to the notebooks folder.</summary>
    public string RelativePath { get; }

    /// <summary>True when every code cell ran without error.</summary>
    public bool Succeeded => _result.Succeeded;

    /// <summary>True when a cell exceeded the cell timeout (the run stopped there).</summary>
    public bool TimedOut => _result.TimedOut;

    /// <summary>One line per error, each starting with "cell N" or "cell N, line L".</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>All text output in cell order: stdout, stderr, the text/plain form of displayed values and
    /// results, and error messages.</summary>
    public string Text { get; }

    /// <summary>Wall-clock time of the whole run.</summary>
    public TimeSpan RunTime => TimeSpan.FromMilliseconds(_result.TotalMs);

    /// <summary>Names of the notebook's top-level variables (the C# kernel's, at the end of the run).</summary>
    public IReadOnlyList<string> VariableNames => [.. _variables.Keys.Order(StringComparer.Ordinal)];

    /// <summary>True if the notebook declared a top-level variable of that name.</summary>
    public bool HasVar(string name) => _variables.ContainsKey(name);

    /// <summary>
    /// The final value of a top-level variable, read from the kernel as JSON (RequestValue). Only plain data is read
    /// that way (numbers, text, times, lists and dictionaries of them): a claim the prose makes belongs in such a
    /// variable. Numbers convert between numeric types. A missing variable, an object that is not plain data, or an
    /// impossible conversion fails with a message that lists the notebook's errors and variables.
    /// </summary>
    public T Var<T>(string name)
    {
        if (!_variables.TryGetValue(name, out var variable))
            throw new KeyNotFoundException($"{RelativePath} has no top-level variable '{name}'. {Describe()}");
        if (variable.Json is null)
            throw new InvalidCastException(
                $"{RelativePath}: variable '{name}' is a {variable.TypeName} ({variable.Summary}), not plain data the kernel hands over as JSON. " +
                "Put the figure the claim needs into a variable of a number, text or list type.");
        using var document = JsonDocument.Parse(variable.Json);
        var element = document.RootElement;
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (element.ValueKind == JsonValueKind.Null && default(T) is null) return default!;
        if (element.ValueKind == JsonValueKind.Number && typeof(IConvertible).IsAssignableFrom(target) && target != typeof(string))
            return (T)Convert.ChangeType(element.GetDouble(), target, CultureInfo.InvariantCulture);
        try { return element.Deserialize<T>(Json)!; }
        catch (JsonException e)
        {
            throw new InvalidCastException($"{RelativePath}: variable '{name}' is a {variable.TypeName} ({variable.Json}), not a {typeof(T)}: {e.Message}");
        }
    }

    /// <summary>The kernel's one-line summary of a variable's value (any type), for assertion messages.</summary>
    public string Summary(string name) => _variables.TryGetValue(name, out var v) ? v.Summary : $"(no variable '{name}')";

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
