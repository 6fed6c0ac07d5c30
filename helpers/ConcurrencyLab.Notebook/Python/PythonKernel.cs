using System.Runtime.CompilerServices;

namespace ConcurrencyLab;

/// <summary>
/// The live Python cells of a notebook. <c>await PythonKernel.ConnectAsync();</c> in a C# cell, before the first
/// Python cell:
/// <list type="bullet">
/// <item>where a Jupyter kernel spec <c>python3</c> exists (found as <c>#!connect jupyter</c> finds it) and its Python
/// imports ipykernel, it runs <c>#!connect jupyter --kernel-name python --kernel-spec python3</c> and puts
/// helpers/python on that kernel's <c>sys.path</c> (so <c>import concurrency_lab</c> works);</item>
/// <item>otherwise it adds a stand-in kernel named <c>python</c>: each Python cell then shows one line saying what to
/// install, and succeeds, so Run All still completes. A value shared from it (<c>#!set --value @python:x</c>) arrives
/// as <see cref="MissingValue"/>; C# cells that use Python's values check <see cref="IsConnected"/> first.</item>
/// </list>
/// Running the cell again keeps what is there. The whole call takes at most 3 × the attempt timeout + 10 s (100 s by
/// default): listing the kernel specs, checking that Python imports ipykernel, up to three <c>#!connect</c> attempts and
/// up to three tries to put helpers/python on <c>sys.path</c> all share that one limit.
/// </summary>
public static class PythonKernel
{
    /// <summary>The Python kernel's name in the notebook: cells start with <c>#!python</c>.</summary>
    public const string DefaultKernelName = "python";

    /// <summary>The Jupyter kernel spec connected (ipykernel registers Python 3 under this name).</summary>
    public const string DefaultKernelSpec = "python3";

    /// <summary>What a value shared from the stand-in holds: C# cells can test for it.</summary>
    public const string MissingValue = "<no Python kernel>";

    /// <summary>What to install, in one line.</summary>
    public const string InstallHint =
        "install Python 3 with ipykernel (pip install ipykernel, then python3 -m ipykernel install --user; " +
        "on Debian/Ubuntu: apt-get install python3-ipykernel), then restart the kernel";

    /// <summary>What the last <see cref="ConnectAsync(string, string, TimeSpan?)"/> did; null before.</summary>
    public static PythonKernelStatus? Status { get; private set; }

    /// <summary>Whether a real Python kernel answers the Python cells.</summary>
    public static bool IsConnected => Status is { IsConnected: true };

    /// <summary>Connects the Python kernel, or adds the stand-in that says what to install (see the class summary).</summary>
    /// <param name="kernelName">The name Python cells use (<c>#!python</c>).</param>
    /// <param name="kernelSpec">The Jupyter kernel spec to start.</param>
    /// <param name="attemptTimeout">How long one <c>#!connect jupyter</c> may take before it is abandoned and tried
    /// again (three tries). Default 30 s; a connect takes 4-8 s on 2 cores, so only a much slower machine needs more.
    /// The whole call is limited to 3 × this + 10 s.</param>
    public static Task<PythonKernelStatus> ConnectAsync(
        string kernelName = DefaultKernelName, string kernelSpec = DefaultKernelSpec, TimeSpan? attemptTimeout = null)
    {
        RequireName(kernelName, nameof(kernelName));
        RequireName(kernelSpec, nameof(kernelSpec));
        if (attemptTimeout is { } limit && (limit <= TimeSpan.Zero || limit > TimeSpan.FromMinutes(10)))
            throw new ArgumentOutOfRangeException(nameof(attemptTimeout), limit,
                "The time one #!connect may take must be more than zero and at most 10 minutes (the default is 30 s).");
        return ConnectAsync(new PythonKernelOptions(kernelName, kernelSpec, FindHelpersPython(), attemptTimeout));
    }

    internal static async Task<PythonKernelStatus> ConnectAsync(PythonKernelOptions options)
    {
        var status = IsKernelLoaded()
            ? await ConnectInKernelAsync(options).ConfigureAwait(false)
            : new PythonKernelStatus(false, false, options.KernelName,
                "No Python kernel: this is not running in .NET Interactive (Polyglot Notebooks), where Python cells live.");
        Status = status;
        return status;
    }

    /// <summary>The line each Python cell shows when there is no Python.</summary>
    internal static string StandInNote(string reason) => $"Python cell not run: {reason}. To run it, {InstallHint}.";

    // Only compiled when the kernel's assemblies are there (see PythonKernelConnector).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<PythonKernelStatus> ConnectInKernelAsync(PythonKernelOptions options) =>
        PythonKernelConnector.ConnectOrStandInAsync(options);

    private static bool IsKernelLoaded() =>
        AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Microsoft.DotNet.Interactive");

    /// <summary>helpers/python beside the helpers' DLL (helpers/bin), else found from the notebook's folder.</summary>
    internal static string? FindHelpersPython()
    {
        var assemblyDirectory = Path.GetDirectoryName(typeof(PythonKernel).Assembly.Location);
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(assemblyDirectory)) candidates.Add(Path.Combine(assemblyDirectory, "..", "python"));
        candidates.Add(Path.Combine(Environment.CurrentDirectory, "..", "helpers", "python"));
        candidates.Add(Path.Combine(Environment.CurrentDirectory, "helpers", "python"));
        return candidates.Select(Path.GetFullPath)
            .FirstOrDefault(c => File.Exists(Path.Combine(c, "concurrency_lab", "__init__.py")));
    }

    // The names go into a #!connect line: one word, as Jupyter names kernel specs.
    private static void RequireName(string name, string parameter)
    {
        if (name is null || !System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z0-9_.][A-Za-z0-9_.-]*$"))
            throw new ArgumentException($"'{name}' cannot be used as a kernel name or spec: pass one word of letters, digits, '.', '_' or '-', such as \"python\" or \"python3\".", parameter);
    }
}
