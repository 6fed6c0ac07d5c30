using System.Reflection;

namespace ConcurrencyLab;

/// <summary>
/// Shows every chart (anything that implements <see cref="IChart"/>) as its HTML in a notebook, and as its text
/// where plain text is asked for. One formatter for every chart type: it asks the chart, it does not know them.
/// </summary>
/// <remarks>
/// Why by reflection and not a reference to Microsoft.DotNet.Interactive.Formatting: the kernel loads its own copy
/// of that package (and the runner another version); a library that shipped or referenced one could clash with
/// either. Every version has the public static <c>Formatter.Register(Type, Action&lt;object, TextWriter&gt;,
/// string mimeType)</c>, which this calls for the interface type; the Formatter then serves every type assignable to
/// it. Outside a kernel (a console program, a test without the package) nothing is registered, and a later call
/// tries again.
/// </remarks>
internal static class ChartFormatter
{
    private const string FormatterTypeName = "Microsoft.DotNet.Interactive.Formatting.Formatter";
    private static readonly object Gate = new();
    private static Assembly? _registeredWith;

    /// <summary>The MIME types served, HTML first: editors show the first one they can.</summary>
    internal static readonly string[] MimeTypes = ["text/html", "text/plain"];

    /// <summary>Writes <paramref name="chart"/> for <paramref name="mimeType"/>.</summary>
    internal static void Write(IChart chart, string mimeType, TextWriter writer) =>
        writer.Write(mimeType == "text/html" ? chart.ToHtml() : chart.ToText());

    /// <summary>Registers with the kernel's Formatter, once per Formatting assembly; true if registered now or before.</summary>
    public static bool Register()
    {
        lock (Gate)
        {
            var formatting = AppDomain.CurrentDomain.GetAssemblies()
                .FirstOrDefault(a => a.GetName().Name == "Microsoft.DotNet.Interactive.Formatting" && a.GetType(FormatterTypeName) is not null);
            if (formatting is null) return false;
            if (ReferenceEquals(formatting, _registeredWith)) return true;
            var register = formatting.GetType(FormatterTypeName)!.GetMethod(
                "Register", BindingFlags.Public | BindingFlags.Static, [typeof(Type), typeof(Action<object, TextWriter>), typeof(string)])
                ?? throw new InvalidOperationException(
                    $"This kernel's {FormatterTypeName} has no Register(Type, Action<object, TextWriter>, string): charts cannot be shown inline. " +
                    "Use chart.ToText(), or run the notebook with the kernel pinned in .config/dotnet-tools.json.");
            foreach (var mimeType in MimeTypes)
            {
                Action<object, TextWriter> write = (value, writer) => Write((IChart)value, mimeType, writer);
                register.Invoke(null, [typeof(IChart), write, mimeType]);
            }
            _registeredWith = formatting;
            return true;
        }
    }
}
