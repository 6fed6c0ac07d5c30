namespace NotebookRunner.Execution;

/// <summary>How to run a notebook.</summary>
internal sealed record RunOptions
{
    public static readonly TimeSpan DefaultCellTimeout = TimeSpan.FromSeconds(120);

    /// <summary>A cell running longer is abandoned and the run stops (exit code 124 in the CLI).</summary>
    public TimeSpan CellTimeout { get; init; } = DefaultCellTimeout;

    /// <summary>Runs every code cell twice in a row (checks that re-running a cell is safe).</summary>
    public bool RunEachCellTwice { get; init; }

    /// <summary>Characters of stdout+stderr kept per cell.</summary>
    public int MaxStreamCharsPerCell { get; init; } = CellContext.DefaultMaxStreamChars;

    /// <summary>Where restored NuGet package sets are cached (one folder per set).</summary>
    public string? NuGetCacheDirectory { get; init; }

    /// <summary>Called after each cell (progress lines).</summary>
    public Action<CellResult>? OnCellFinished { get; init; }
}
