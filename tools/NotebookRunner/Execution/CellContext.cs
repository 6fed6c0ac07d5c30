namespace NotebookRunner.Execution;

/// <summary>
/// Collects what the running cell produces. Console output from any thread lands in the cell that is running
/// at that moment (as in the kernel), capped per cell so a runaway cell cannot exhaust memory.
/// </summary>
internal sealed class CellContext
{
    /// <summary>Characters of stdout+stderr kept per cell; the rest is counted and replaced by a note.</summary>
    public const int DefaultMaxStreamChars = 1_000_000;

    private static volatile CellContext? s_current;
    private readonly Lock _gate = new();
    private readonly List<CellOutput> _outputs = [];
    private readonly int _maxStreamChars;
    private int _streamChars;
    private long _droppedChars;

    public CellContext(int cellNumber, int maxStreamChars = DefaultMaxStreamChars)
    {
        CellNumber = cellNumber;
        _maxStreamChars = maxStreamChars;
    }

    /// <summary>The cell that is running now, or null between cells.</summary>
    public static CellContext? Current => s_current;

    /// <summary>1-based position of the cell in the notebook.</summary>
    public int CellNumber { get; }

    public static void Enter(CellContext? context) => s_current = context;

    public void Write(string stream, string text)
    {
        if (text.Length == 0) return;
        lock (_gate)
        {
            var room = _maxStreamChars - _streamChars;
            if (room <= 0)
            {
                _droppedChars += text.Length;
                return;
            }
            if (text.Length > room)
            {
                _droppedChars += text.Length - room;
                text = text[..room];
            }
            _streamChars += text.Length;
            if (_outputs.Count > 0 && _outputs[^1] is StreamOutput last && last.Name == stream)
                last.Text.Append(text);
            else
            {
                var output = new StreamOutput(stream);
                output.Text.Append(text);
                _outputs.Add(output);
            }
        }
    }

    public DisplayOutput AddDisplay(IReadOnlyDictionary<string, string> data)
    {
        var output = new DisplayOutput(data);
        Add(output);
        return output;
    }

    public void Add(CellOutput output)
    {
        lock (_gate) _outputs.Add(output);
    }

    /// <summary>A snapshot of the outputs, with a note at the end if output was cut.</summary>
    public IReadOnlyList<CellOutput> Outputs
    {
        get
        {
            lock (_gate)
            {
                var list = new List<CellOutput>(_outputs);
                if (_droppedChars > 0)
                {
                    var note = new StreamOutput("stderr");
                    note.Text.Append($"\n[output truncated: {_droppedChars:N0} more characters not shown; the runner keeps {_maxStreamChars:N0} per cell]\n");
                    list.Add(note);
                }
                return list;
            }
        }
    }

    public long DroppedChars { get { lock (_gate) return _droppedChars; } }
}
