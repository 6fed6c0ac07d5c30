using NotebookRunner.Execution;
using NotebookRunner.Kernel;

// The kernel puts this extension in namespace System so `x.Display()` works with the default imports.
namespace System;

/// <summary><c>value.Display(mimeTypes)</c>, as in the .NET Interactive kernel.</summary>
public static class DisplayExtensions
{
    /// <summary>Shows the formatted value and returns a handle to update it later.</summary>
    public static DisplayedValue Display(this object? value, params string[] mimeTypes)
    {
        var formatted = ValueFormatter.Format(value, mimeTypes);
        var output = CellContext.Current?.AddDisplay(formatted)
                     // Called outside a running cell (e.g. from a leftover background thread): keep the
                     // handle usable, show nothing.
                     ?? new DisplayOutput(formatted);
        return new DisplayedValue(output, formatted.Keys.ToArray());
    }
}
