using Microsoft.AspNetCore.Html;
using NotebookRunner.Execution;

namespace NotebookRunner.Kernel;

/// <summary>
/// The static helpers every cell sees, as in the .NET Interactive C# kernel (there: <c>using static
/// Microsoft.DotNet.Interactive.Kernel;</c> submitted once before the first cell). Same names and
/// signatures: <c>display(value, params string[] mimeTypes)</c> and <c>HTML(string)</c>.
/// </summary>
public static class KernelHelpers
{
    /// <summary>Shows <paramref name="value"/> now (formatted for each MIME type, or the preferred ones) and
    /// returns a handle whose <see cref="DisplayedValue.Update"/> replaces what was shown.</summary>
    public static DisplayedValue display(object? value, params string[] mimeTypes) => value.Display(mimeTypes);

    /// <summary>Marks <paramref name="content"/> as HTML so it is shown as markup, not escaped text.</summary>
    public static IHtmlContent HTML(string content) => new HtmlString(content);
}
