using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookRunner.Execution;

/// <summary>
/// Turns the events of one cell's submission into Jupyter outputs, as the editor shows them: standard output and
/// error as streams, displayed values as display_data (an update replaces the output with the same value id, or is
/// appended when no output has that id), the cell's value as execute_result, failures as errors. Streams are capped
/// per cell so that a runaway cell cannot exhaust memory.
/// </summary>
internal sealed partial class CellOutputCollector(int cellNumber)
{
    /// <summary>Characters of stdout+stderr kept per cell; the rest is counted and replaced by a note.</summary>
    public const int MaxStreamChars = 1_000_000;

    private readonly List<CellOutput> _outputs = [];
    private readonly Dictionary<string, DisplayOutput> _displays = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _streamChars;
    private long _droppedChars;

    /// <summary>The outputs so far, and a note on stderr when output was cut.</summary>
    public IReadOnlyList<CellOutput> Outputs
    {
        get
        {
            lock (_gate)
            {
                if (_droppedChars == 0) return [.. _outputs];
                var note = new StreamOutput("stderr");
                note.Text.Append(string.Create(CultureInfo.InvariantCulture,
                    $"\n[output truncated: {_droppedChars:N0} more characters not shown; the report keeps {MaxStreamChars:N0} per cell]\n"));
                return [.. _outputs, note];
            }
        }
    }

    public bool HasError
    {
        get { lock (_gate) return _outputs.OfType<ErrorOutput>().Any(); }
    }

    /// <summary>Takes one event of the cell's command or of one of its child commands.</summary>
    public void Add(KernelEvent kernelEvent, string cellToken)
    {
        lock (_gate)
        {
            switch (kernelEvent)
            {
                case StandardOutputValueProduced output:
                    Stream("stdout", Plain(output.FormattedValues));
                    break;
                case StandardErrorValueProduced error:
                    Stream("stderr", Plain(error.FormattedValues));
                    break;
                case DisplayedValueUpdated update:
                    if (update.ValueId is { } id && _displays.TryGetValue(id, out var shown))
                        shown.Data = Bundle(update.FormattedValues);
                    else
                        Display(update.FormattedValues, update.ValueId);
                    break;
                case ReturnValueProduced result:
                    if (Bundle(result.FormattedValues) is { Count: > 0 } data)
                        _outputs.Add(new ResultOutput(data));
                    break;
                case ErrorProduced error:
                    AddError(error.Message);
                    break;
                case DisplayedValueProduced display:
                    Display(display.FormattedValues, display.ValueId);
                    break;
                case CommandFailed failed when failed.Command?.GetOrCreateToken() == cellToken:
                    AddError(failed.Message);
                    break;
            }
        }
    }

    /// <summary>An error the runner itself observed (a timeout, the kernel going away).</summary>
    public void AddRunnerError(string ename, string message)
    {
        lock (_gate) _outputs.Add(new ErrorOutput(ename, message, [$"cell {cellNumber}: {message}"]));
    }

    /// <summary>A line the process wrote to standard output outside the kernel's envelopes.</summary>
    public void AddStray(string line)
    {
        lock (_gate) Stream("stdout", line + "\n");
    }

    private void Display(IReadOnlyCollection<FormattedValue> values, string? valueId)
    {
        var data = Bundle(values);
        if (data.Count == 0) return;
        var output = new DisplayOutput(data, valueId);
        _outputs.Add(output);
        if (valueId is not null) _displays[valueId] = output;
    }

    private void Stream(string name, string text)
    {
        var kept = Math.Clamp(MaxStreamChars - _streamChars, 0, text.Length);
        _droppedChars += text.Length - kept;
        if (kept == 0) return;
        _streamChars += kept;
        if (_outputs.LastOrDefault() is not StreamOutput last || last.Name != name) _outputs.Add(last = new StreamOutput(name));
        last.Text.Append(text, 0, kept);
    }

    /// <summary>The kernel reports compile errors as "(line,column): error CSnnnn: message" lines, and exceptions as
    /// their ToString(); the first line of the traceback names the cell (and the line, where known).</summary>
    private void AddError(string message)
    {
        message = message.TrimEnd();
        // One failure may arrive twice: as ErrorProduced and as the command's CommandFailed.
        if (_outputs.OfType<ErrorOutput>().Any(e => e.EValue == message || e.Traceback.Skip(1).FirstOrDefault() == message)) return;
        var lines = message.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var diagnostics = lines.Select(l => Diagnostic().Match(l)).Where(m => m.Success).ToList();
        if (diagnostics.Count > 0)
        {
            var traceback = diagnostics.Select(m => $"cell {cellNumber}, line {m.Groups["line"].Value}: {m.Groups["severity"].Value} {m.Groups["id"].Value}: {m.Groups["text"].Value}").ToList();
            _outputs.Add(new ErrorOutput("CompilationError", message, traceback));
            return;
        }
        var exception = ExceptionHead().Match(lines[0]);
        var (ename, evalue) = exception.Success ? (exception.Groups["type"].Value, exception.Groups["text"].Value) : ("Error", message);
        _outputs.Add(new ErrorOutput(ename, evalue, [$"cell {cellNumber}: {lines[0]}", .. lines.Skip(1)]));
    }

    private static string Plain(IReadOnlyCollection<FormattedValue> values) =>
        string.Concat(values.Where(v => v.MimeType is "text/plain").Select(v => v.Value));

    private static Dictionary<string, string> Bundle(IReadOnlyCollection<FormattedValue> values)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
            if (!value.SuppressDisplay && value.MimeType is { Length: > 0 } mime)
                data[mime] = value.Value ?? "";
        return data;
    }

    [GeneratedRegex(@"^\((?<line>\d+),(?<column>\d+)\): (?<severity>error|warning) (?<id>[A-Z]+\d+): (?<text>.*)$")]
    private static partial Regex Diagnostic();

    [GeneratedRegex(@"^(?<type>[A-Za-z_][\w.`+]*(Exception|Error)): (?<text>.*)$")]
    private static partial Regex ExceptionHead();
}
