namespace NotebookRunner.Execution;

/// <summary>How to run a notebook.</summary>
internal sealed record RunOptions
{
    public static readonly TimeSpan DefaultCellTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Characters of stdout+stderr kept per cell; the rest is counted and replaced by a note.</summary>
    public const int DefaultMaxStreamChars = 1_000_000;

    /// <summary>A cell running longer is stopped: the kernel is killed and the run ends (exit code 124 in the CLI).</summary>
    public TimeSpan CellTimeout { get; init; } = DefaultCellTimeout;

    /// <summary>Extra time the first cell gets: the kernel compiles its first submission then (1.3–2.8 s measured, more on a busy machine).</summary>
    public TimeSpan FirstCellAllowance { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for the kernel process to start and be ready for the first cell.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>nbclient's allow_errors: false stops a notebook at its first failing cell (later cells are not run);
    /// true runs every cell and keeps the errors as outputs. A cell tagged "raises-exception" may always fail.</summary>
    public bool AllowErrors { get; init; }

    /// <summary>Runs every code cell twice in a row (checks that re-running a cell is safe).</summary>
    public bool RunEachCellTwice { get; init; }

    /// <summary>After the last cell, read the C# kernel's variables (names, types, plain data as JSON).</summary>
    public bool CollectVariables { get; init; }

    /// <summary>Which variable types are read as JSON (by the kernel's type name); plain data by default.</summary>
    public Func<string, bool>? ReadAsJson { get; init; }

    public int MaxStreamCharsPerCell { get; init; } = DefaultMaxStreamChars;

    /// <summary>Where to look for the tool manifest when the notebook's folder does not see one (the repository root).</summary>
    public string? FallbackToolDirectory { get; init; }

    /// <summary>Environment variables for the kernel process (null removes one).</summary>
    public IReadOnlyDictionary<string, string?>? KernelEnvironment { get; init; }

    /// <summary>Called after each code cell (progress lines).</summary>
    public Action<CellResult>? OnCellFinished { get; init; }
}
