using ConcurrencyLab;

namespace ConcurrencyLab.Kernel.Tests;

/// <summary>A kernel spec counts as present only when its interpreter exists and imports ipykernel.</summary>
public sealed class PythonKernelCheckTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

    private static JupyterKernelSpec IpyKernel(string python) =>
        new("python3", [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"]);

    [Fact]
    public async Task A_missing_interpreter_is_named()
    {
        var (problem, _) = await PythonKernelCheck.CheckAsync(IpyKernel("/nowhere/python3"), s_limit);
        Assert.Equal("'/nowhere/python3', the interpreter of the Jupyter kernel spec 'python3', was not found", problem);
    }

    [Fact]
    public async Task A_spec_without_a_command_is_refused()
    {
        var (problem, _) = await PythonKernelCheck.CheckAsync(new JupyterKernelSpec("python3", []), s_limit);
        Assert.Contains("names no command", problem);
    }

    [SkippableFact]
    public async Task A_python_without_ipykernel_is_refused()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        var python = _scratch.Script("python3", "echo \"No module named 'ipykernel'\" >&2; exit 1");
        var (problem, _) = await PythonKernelCheck.CheckAsync(IpyKernel(python), s_limit);
        Assert.Equal($"'{python}' (Jupyter kernel spec 'python3') cannot import ipykernel", problem);
        // A bare name is looked for on PATH, as the kernel's process start does.
        Assert.Equal(python, PythonKernelCheck.Resolve("python3", Path.GetDirectoryName(python) + Path.PathSeparator + "/usr/bin"));
    }

    [SkippableFact]
    public async Task A_python_with_ipykernel_passes_and_reports_its_version()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake python");
        var python = _scratch.Script("python3", """
            [ "$1" = "-c" ] && case "$2" in *"import ipykernel.kernelapp"*) echo 3.99.1; exit 0;; esac
            exit 2
            """);
        var (problem, version) = await PythonKernelCheck.CheckAsync(IpyKernel(python), s_limit);
        Assert.Null(problem);
        Assert.Equal("3.99.1", version);
    }
}
