using System.Reflection;
using System.Runtime.ExceptionServices;

namespace ConcurrencyLab;

/// <summary>
/// Gives every Plotly.NET chart the offline hint of <see cref="PlotlyNetHint"/>. Plotly.NET.Interactive registers
/// its HTML formatter for the abstract <c>Plotly.NET.GenericChart</c>; a chart's runtime type is one of its nested
/// subclasses (<c>GenericChart+Chart</c>, <c>GenericChart+MultiChart</c>). This registers a "text/html" formatter
/// for each subclass. The kernel's Formatter prefers the most specific registered type whatever the order of
/// registration, so these serve every chart, before or after Plotly.NET.Interactive loads. Each writes what the
/// Formatter's preferred formatter for the base type writes (Plotly.NET.Interactive's, when it is loaded), wrapped
/// with the hint; HTML that does not draw with plotly.js passes through unchanged.
/// </summary>
/// <remarks>
/// By reflection, as <see cref="ChartFormatter"/>, for the same reason: no reference to the kernel's Formatting
/// package (nor to Plotly.NET). Registered once per pair of Formatting and Plotly.NET assemblies; Plotly.NET
/// usually loads after <see cref="Lab.Setup"/> (a later cell's <c>#r "nuget: Plotly.NET"</c>), so the app domain's
/// AssemblyLoad event registers it then.
/// </remarks>
internal static class PlotlyNetFormatter
{
    private const string FormattingName = "Microsoft.DotNet.Interactive.Formatting";
    private const string FormatterTypeName = FormattingName + ".Formatter";
    private const string PlotlyAssemblyName = "Plotly.NET";
    private const string GenericChartTypeName = "Plotly.NET.GenericChart";
    private const string MimeType = "text/html";

    private static readonly object Gate = new();
    private static readonly HashSet<(Assembly Formatting, Type Chart)> Registered = [];
    private static int _watching;

    /// <summary>Registers for a Plotly.NET already loaded, and for one loaded later in this process (hooked once).</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref _watching, 1) == 0)
            AppDomain.CurrentDomain.AssemblyLoad += (_, e) =>
            {
                if (e.LoadedAssembly.GetName().Name == PlotlyAssemblyName) RegisterQuietly(e.LoadedAssembly);
            };
        foreach (var plotly in AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == PlotlyAssemblyName))
            RegisterQuietly(plotly);
    }

    private static void RegisterQuietly(Assembly plotly)
    {
        try
        {
            if (plotly.GetType(GenericChartTypeName) is { IsAbstract: true } genericChart) Register(genericChart);
        }
        catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or ReflectionTypeLoadException or TargetInvocationException or InvalidOperationException)
        {
            // The chart still displays as Plotly.NET.Interactive draws it, only without the offline hint.
        }
    }

    /// <summary>
    /// Registers the wrapping formatter for each public nested subclass of <paramref name="genericChart"/> with the
    /// loaded Formatting assembly; false if there is none (outside a kernel). Once per pair of assemblies.
    /// </summary>
    internal static bool Register(Type genericChart)
    {
        lock (Gate)
        {
            var formatting = AppDomain.CurrentDomain.GetAssemblies()
                .FirstOrDefault(a => a.GetName().Name == FormattingName && a.GetType(FormatterTypeName) is not null);
            if (formatting is null) return false;
            if (Registered.Contains((formatting, genericChart))) return true;
            var formatter = formatting.GetType(FormatterTypeName)!;
            var typeFormatter = formatting.GetType(FormattingName + ".ITypeFormatter")
                ?? throw new InvalidOperationException($"{FormattingName} has no ITypeFormatter.");
            var register = Method(formatter, "Register", typeof(Type), typeof(Action<object, TextWriter>), typeof(string));
            var preferred = Method(formatter, "GetPreferredFormatterFor", typeof(Type), typeof(string));
            var format = Method(formatter, "Format", typeFormatter, typeof(object), typeof(TextWriter));
            var toJson = genericChart.GetMethod("toJson", BindingFlags.Public | BindingFlags.Static, [genericChart]);

            void Write(object chart, TextWriter writer)
            {
                // The base type's formatter: Plotly.NET.Interactive's (never this one, registered for subclasses).
                var inner = new StringWriter();
                try
                {
                    format.Invoke(null, [preferred.Invoke(null, [genericChart, MimeType]), chart, inner]);
                }
                catch (TargetInvocationException e) when (e.InnerException is { } cause)
                {
                    ExceptionDispatchInfo.Throw(cause); // the formatter's own error, as if it had been called directly
                }
                var html = inner.ToString();
                writer.Write(PlotlyNetHint.DrawsWithPlotly(html) ? PlotlyNetHint.Wrap(html, Describe(chart)) : html);
            }

            string Describe(object chart)
            {
                try
                {
                    return toJson?.Invoke(null, [chart]) is string json ? PlotlyNetDescription.Describe(json) : "Plotly.NET chart";
                }
                catch (TargetInvocationException)
                {
                    return "Plotly.NET chart";
                }
            }

            foreach (var chartType in genericChart.GetNestedTypes(BindingFlags.Public).Where(t => t.IsSubclassOf(genericChart)))
                register.Invoke(null, [chartType, (Action<object, TextWriter>)Write, MimeType]);
            Registered.Add((formatting, genericChart));
            return true;
        }
    }

    private static MethodInfo Method(Type type, string name, params Type[] parameters) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.Static, parameters)
        ?? throw new InvalidOperationException($"This kernel's {type.FullName} has no {name}({string.Join(", ", parameters.Select(p => p.Name))}).");
}
