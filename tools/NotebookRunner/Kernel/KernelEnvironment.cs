using System.Diagnostics;

namespace NotebookRunner.Kernel;

/// <summary>The environment every process the runner starts gets: quiet .NET first-run and telemetry banners (so the
/// kernel's standard output carries only envelopes), plus the caller's overrides.</summary>
internal static class KernelEnvironment
{
    public static void Apply(ProcessStartInfo info, IReadOnlyDictionary<string, string?>? overrides)
    {
        info.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (overrides is null) return;
        foreach (var (name, value) in overrides)
        {
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }
    }
}
