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
                case DisplayedValueUpdated update when update.ValueId is { } id && _displays.TryGetValue(id, out var shown):
                    shown.Data = Bundle(update.FormattedValues);
                    break;
                case DisplayedValueProduced or DisplayedValueUpdated:
                    Display((DisplayEvent)kernelEvent);
                    break;
                case ReturnValueProduced result when Bundle(result.FormattedValues) is { Count: > 0 } data:
                    _outputs.Add(new ResultOutput(data));
                    break;
                case ErrorProduced error:
                    AddError(error.Message);
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

    /// <summary>A new display_data output; an update for a value id no output has is shown as a new value too.</summary>
    private void Display(DisplayEvent display)
    {
        var data = Bundle(display.FormattedValues);
        if (data.Count == 0) return;
        var output = new DisplayOutput(data, display.ValueId);
        _outputs.Add(output);
        if (display.ValueId is { } id) _displays[id] = output;
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
            _outputs.Add(new ErrorOutput("CompilationError", message, [.. diagnostics.Select(m =>
                $"cell {cellNumber}, line {m.Groups["line"].Value}: {m.Groups["severity"].Value} {m.Groups["id"].Value}: {m.Groups["text"].Value}")]));
            return;
        }
        var exception = ExceptionHead().Match(lines[0]);
        var (ename, evalue) = exception.Success ? (exception.Groups["type"].Value, exception.Groups["text"].Value) : ("Error", message);
        _outputs.Add(new ErrorOutput(ename, evalue, [$"cell {cellNumber}: {lines[0]}", .. lines.Skip(1)]));
    }

    private static string Plain(IReadOnlyCollection<FormattedValue> values) =>
        string.Concat(values.Where(v => v.MimeType is "text/plain").Select(v => v.Value));

    /// <summary>A MIME bundle of the values shown (the last value of a type wins).</summary>
    private static Dictionary<string, string> Bundle(IReadOnlyCollection<FormattedValue> values) =>
        values.Where(v => !v.SuppressDisplay && !string.IsNullOrEmpty(v.MimeType))
            .GroupBy(v => v.MimeType).ToDictionary(g => g.Key, g => g.Last().Value ?? "", StringComparer.Ordinal);

    [GeneratedRegex(@"^\((?<line>\d+),(?<column>\d+)\): (?<severity>error|warning) (?<id>[A-Z]+\d+): (?<text>.*)$")]
    private static partial Regex Diagnostic();

    [GeneratedRegex(@"^(?<type>[A-Za-z_][\w.`+]*(Exception|Error)): (?<text>.*)$")]
    private static partial Regex ExceptionHead();
}
