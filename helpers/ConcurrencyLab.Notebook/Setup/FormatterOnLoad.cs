using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace ConcurrencyLab;

/// <summary>
/// Registers the chart formatter as soon as the helpers are loaded, so a notebook that only <c>#r</c>s them (a
/// learner's own, an older copy of a lesson) still shows its charts as charts. <see cref="Lab.Setup"/> does the
/// same and more (the FSharp.Core bridge), and reports a failure where this stays silent.
/// </summary>
internal static class FormatterOnLoad
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The library exists to be loaded into a notebook kernel; registering its display there is its purpose.")]
    internal static void Register()
    {
        try
        {
            ChartFormatter.Register();
        }
        catch (Exception)
        {
            // A failure here would make every type of the library unusable; Lab.Setup() reports it instead.
        }
    }
}
