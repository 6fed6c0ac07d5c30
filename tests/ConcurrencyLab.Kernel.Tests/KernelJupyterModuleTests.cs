using System.Diagnostics;
using System.Text.Json;
using ConcurrencyLab;
using Microsoft.DotNet.Interactive.Jupyter;
using Microsoft.DotNet.Interactive.Utility;

namespace ConcurrencyLab.Kernel.Tests;

/// <summary>
/// Kernel specs come from the kernel's own Jupyter module (what #!connect jupyter uses), loaded from the restored tool:
/// what `jupyter kernelspec list --json` answers, each with its argv and the rest of its kernel.json; connection files
/// are looked for in the data folder's runtime folder.
/// </summary>
public sealed class KernelJupyterModuleTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task The_modules_list_is_what_the_jupyter_command_answers_with_argv_and_kernel_json()
    {
        var answer = """
            {"kernelspecs": {"python3": {"resource_dir": "/opt/k/python3", "spec": {"argv": ["/opt/py/bin/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "display_name": "Python 3 (opt)", "language": "python", "env": {"A": "1"}}}}}
            """;
        var specs = await new KernelJupyterModule(new JupyterKernelSpecModule(new AnsweringJupyter(answer))).ListAsync();

        var spec = Assert.Single(specs).Value;
        Assert.Equal("python3", spec.Name);
        Assert.Equal(["/opt/py/bin/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"], spec.Argv);
        var json = JsonDocument.Parse(spec.KernelJson!).RootElement;
        Assert.Equal("Python 3 (opt)", json.GetProperty("display_name").GetString());
        Assert.Equal("1", json.GetProperty("env").GetProperty("A").GetString());
    }

    [Fact]
    public void Connection_files_are_looked_for_in_the_runtime_folder_beside_the_modules_kernels_folder()
    {
        var module = new JupyterKernelSpecModule();
        var expected = Path.Combine(module.GetDefaultKernelSpecDirectory().Parent!.FullName, "runtime");

        Assert.Equal(expected, new KernelJupyterModule(module).RuntimeDirectory);
        Assert.EndsWith(Path.Combine("jupyter", "runtime"), expected);
    }

    [SkippableFact]
    public void The_module_is_the_restored_tools_own()
    {
        var (tool, missing) = GenuineJupyter.ToolFolder();
        Skip.If(tool is null, missing);
        Assert.Equal(Path.Combine(tool, "Microsoft.DotNet.Interactive.Jupyter.dll"), typeof(JupyterKernelSpecModule).Assembly.Location);
    }

    /// <summary>A Jupyter environment whose `jupyter` answers with fixed text (a failure for an empty text).</summary>
    internal sealed class AnsweringJupyter(string output) : IJupyterEnvironment
    {
        public Task<CommandLineResult> ExecuteAsync(string command, string args, DirectoryInfo? workingDir = null, TimeSpan? timeout = null) =>
            Task.FromResult(output.Length > 0 && command == "jupyter" && args == "kernelspec list --json"
                ? new CommandLineResult(0, output.Split('\n'))
                : new CommandLineResult(2, [], ["unexpected: " + command + " " + args]));

        public Process StartProcess(string command, string args, DirectoryInfo workingDir, Action<string>? output = null, Action<string>? error = null) =>
            throw new NotSupportedException();
    }
}
