using System.Text.Json;
using ConcurrencyLab;
using Microsoft.DotNet.Interactive.Jupyter;

namespace ConcurrencyLab.Kernel.Tests;

/// <summary>
/// The kernel spec that exists only while Python connects: found first under the learner's spec name, starting the
/// same Python through kernel_launch.py; afterwards JUPYTER_PATH is exactly what it was and the folder is gone.
/// (It sets this process's JUPYTER_PATH, so it runs with the other tests that connect, one at a time.)
/// </summary>
[Collection(nameof(PythonKernelTests))]
public sealed class SubscribedKernelSpecTests : IDisposable
{
    private readonly Scratch _scratch = new();
    private readonly string? _jupyterPathBefore = Environment.GetEnvironmentVariable("JUPYTER_PATH");
    private readonly string? _dataDirBefore = Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("JUPYTER_PATH", _jupyterPathBefore);
        Environment.SetEnvironmentVariable("JUPYTER_DATA_DIR", _dataDirBefore);
        _scratch.Dispose();
    }

    [Theory]
    [InlineData("ipykernel_launcher")]
    [InlineData("ipykernel")]
    public void The_launch_script_takes_the_place_of_the_ipykernel_module_and_every_other_argument_stays(string module)
    {
        var argv = SubscribedKernelSpec.LaunchArgv(["/opt/py/bin/python3", "-X", "utf8", "-m", module, "-f", "{connection_file}", "--matplotlib=inline"], "/tmp/a b/launch.py");

        Assert.Equal(["/opt/py/bin/python3", "-X", "utf8", "\"/tmp/a b/launch.py\"", "-f", "{connection_file}", "--matplotlib=inline"], argv);
    }

    [Fact]
    public void A_spec_that_does_not_start_ipykernel_as_a_module_is_left_alone()
    {
        Assert.Null(SubscribedKernelSpec.LaunchArgv(["R", "--slave", "-e", "IRkernel::main()", "--args", "{connection_file}"], "/tmp/launch.py"));
        Assert.Null(SubscribedKernelSpec.LaunchArgv(["python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "/tmp/\"odd\"/launch.py"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("/somewhere/else")]
    public async Task While_installed_it_is_the_spec_found_under_the_learners_name_and_afterwards_nothing_remains(string? jupyterPath)
    {
        Environment.SetEnvironmentVariable("JUPYTER_PATH", jupyterPath);
        var userData = _scratch.Dir("user-data");
        Environment.SetEnvironmentVariable("JUPYTER_DATA_DIR", userData);
        var original = _scratch.KernelSpec(userData, "python3", "/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}");
        var spec = new JupyterKernelSpec("python3", ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            File.ReadAllText(Path.Combine(original, "kernel.json")));

        string root;
        using (var installed = SubscribedKernelSpec.TryInstall(spec, HelpersWithLauncher()))
        {
            Assert.NotNull(installed);
            root = installed.Root;
            Assert.Equal(jupyterPath is null ? root : root + Path.PathSeparator + jupyterPath, Environment.GetEnvironmentVariable("JUPYTER_PATH"));
            var found = (await FoundByTheKernel())["python3"];
            var script = Path.Combine(root, "kernels", "python3", "launch.py");
            Assert.Equal(["/usr/bin/python3", $"\"{script}\"", "-f", "{connection_file}"], found.Argv);
            var json = JsonDocument.Parse(found.KernelJson!).RootElement;
            Assert.Equal("python3", json.GetProperty("display_name").GetString()); // the rest of the learner's kernel.json
            Assert.Contains(jupyterPath is null ? "original_jupyter_path = None" : "original_jupyter_path = \"/somewhere/else\"", File.ReadAllText(script));
        }

        Assert.Equal(jupyterPath, Environment.GetEnvironmentVariable("JUPYTER_PATH"));
        Assert.False(Directory.Exists(root));
        Assert.Equal(["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            (await FoundByTheKernel())["python3"].Argv);
    }

    [Fact]
    public void Without_the_launcher_or_for_another_kind_of_kernel_nothing_is_installed()
    {
        Environment.SetEnvironmentVariable("JUPYTER_PATH", "/kept");
        var python = new JupyterKernelSpec("python3", ["python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"]);
        var r = new JupyterKernelSpec("ir", ["R", "--slave", "-e", "IRkernel::main()", "--args", "{connection_file}"]);

        Assert.Null(SubscribedKernelSpec.TryInstall(python, _scratch.Dir("helpers-without-launcher")));
        Assert.Null(SubscribedKernelSpec.TryInstall(python, null));
        Assert.Null(SubscribedKernelSpec.TryInstall(r, HelpersWithLauncher()));
        Assert.Equal("/kept", Environment.GetEnvironmentVariable("JUPYTER_PATH"));
    }

    private string HelpersWithLauncher()
    {
        var helpers = _scratch.Dir("helpers-python");
        File.WriteAllText(Path.Combine(_scratch.Dir("helpers-python", "concurrency_lab"), "kernel_launch.py"), "");
        return helpers;
    }

    /// <summary>
    /// The specs the kernel's own module finds in this process's folders (JUPYTER_PATH first), as #!connect jupyter
    /// does where the jupyter command does not answer.
    /// </summary>
    private static Task<IReadOnlyDictionary<string, JupyterKernelSpec>> FoundByTheKernel() =>
        new KernelJupyterModule(new JupyterKernelSpecModule(new KernelJupyterModuleTests.AnsweringJupyter(""))).ListAsync();
}
