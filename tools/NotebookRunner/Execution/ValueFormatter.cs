using Microsoft.DotNet.Interactive.Formatting;

namespace NotebookRunner.Execution;

/// <summary>
/// Formats values exactly as the kernel does (its FormattedValue.CreateManyFromObject), through
/// Microsoft.DotNet.Interactive.Formatting: no MIME type asked means the formatter's preferred ones for the
/// value's type, so a type that brings its own formatter (TypeFormatterSourceAttribute) renders as in the kernel.
/// </summary>
internal static class ValueFormatter
{
    public static IReadOnlyDictionary<string, string> Format(object? value, params string[]? mimeTypes)
    {
        var asked = mimeTypes?.Where(m => !string.IsNullOrWhiteSpace(m)).ToArray() ?? [];
        if (asked.Length == 0)
            // The kernel sends text/plain beside the preferred (usually text/html) form, so text-only
            // front ends and tests see the value too.
            asked = [.. Formatter.GetPreferredMimeTypesFor(value?.GetType()).Append(PlainTextFormatter.MimeType).Distinct()];
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mimeType in asked)
            data[mimeType] = value.ToDisplayString(mimeType);
        return data;
    }
}
