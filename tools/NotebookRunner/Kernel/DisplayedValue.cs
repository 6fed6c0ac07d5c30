using NotebookRunner.Execution;

namespace NotebookRunner.Kernel;

/// <summary>A value shown with <c>display(...)</c>; <see cref="Update"/> replaces it in place, as in the kernel.</summary>
public sealed class DisplayedValue
{
    private readonly DisplayOutput _output;

    internal DisplayedValue(DisplayOutput output, IReadOnlyCollection<string> mimeTypes)
    {
        _output = output;
        MimeTypes = mimeTypes;
    }

    /// <summary>The MIME types the value is shown as.</summary>
    public IReadOnlyCollection<string> MimeTypes { get; }

    /// <summary>Formats <paramref name="updatedValue"/> for the same MIME types and replaces the shown value.</summary>
    public void Update(object? updatedValue) =>
        _output.Replace(ValueFormatter.Format(updatedValue, MimeTypes.ToArray()));
}
