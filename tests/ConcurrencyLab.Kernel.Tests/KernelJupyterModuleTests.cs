using ConcurrencyLab;

namespace ConcurrencyLab.Kernel.Tests;

/// <summary>Kernel specs are found where #!connect jupyter finds them: the jupyter command first, then the folders.</summary>
public sealed class JupyterKernelSpecsTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [SkippableFact]
    public async Task The_jupyter_command_answers_when_it_lists_specs()
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake jupyter");
        var jupyter = _scratch.Script("jupyter", """
            [ "$*" = "kernelspec list --json" ] || exit 3
            echo '{"kernelspecs": {"python3": {"resource_dir": "/opt/k/python3", "spec": {"argv": ["/opt/py/bin/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]}}}}'
            """);
        var folder = _scratch.Dir("jp");
        _scratch.KernelSpec(folder, "python3", "/folder/python");
        _scratch.KernelSpec(folder, "other", "/folder/other");

        var specs = await new JupyterKernelSpecs(_scratch.Lookup(jupyter, folder)).ListAsync();

        var spec = Assert.Single(specs).Value; // the command's answer, not the folders
        Assert.Equal(("python3", "/opt/py/bin/python", "/opt/k/python3"), (spec.Name, spec.Argv[0], spec.Source));
    }

    [SkippableTheory]
    [InlineData("exit 1")]                       // e.g. /usr/bin/jupyter without the kernelspec subcommand
    [InlineData("echo 'not json'")]
    [InlineData("echo '{\"something\": 1}'")]
    public async Task A_jupyter_command_that_fails_or_lists_nothing_falls_back_to_the_folders(string body)
    {
        Skip.If(OperatingSystem.IsWindows(), "uses a shell script as a fake jupyter");
        var jupyter = _scratch.Script("jupyter", body);
        var folder = _scratch.Dir("jp");
        _scratch.KernelSpec(folder, "python3", "/folder/python");

        var specs = await new JupyterKernelSpecs(_scratch.Lookup(jupyter, folder)).ListAsync();

        Assert.Equal("/folder/python", specs["python3"].Argv[0]);
    }

    [Fact]
    public async Task Without_a_jupyter_command_JUPYTER_PATH_comes_first_then_user_then_machine_data()
    {
        var first = _scratch.Dir("first");
        var second = _scratch.Dir("second");
        var lookup = _scratch.Lookup(jupyterPath: first + Path.PathSeparator + second);
        _scratch.KernelSpec(second, "python3", "/second/python");
        _scratch.KernelSpec(first, "python3", "/first/python");
        _scratch.KernelSpec(lookup.Variable("JUPYTER_DATA_DIR")!, "python3", "/user/python");
        _scratch.KernelSpec(lookup.Variable("JUPYTER_DATA_DIR")!, "user-only", "/user/only");
        _scratch.KernelSpec(lookup.CommonDataDirectory, "machine-only", "/machine/only");
        var broken = Path.Combine(_scratch.Dir("first", "kernels", "broken"), "kernel.json");
        File.WriteAllText(broken, "{ not json");

        var specs = await new JupyterKernelSpecs(lookup).ListAsync();

        Assert.Equal("/first/python", specs["python3"].Argv[0]);
        Assert.Equal("/user/only", specs["user-only"].Argv[0]);
        Assert.Equal("/machine/only", specs["machine-only"].Argv[0]);
        Assert.False(specs.ContainsKey("broken"));
        Assert.Equal([first, second, lookup.Variable("JUPYTER_DATA_DIR")!, lookup.CommonDataDirectory],
            new JupyterKernelSpecs(lookup).DataDirectories());
    }

    [Fact]
    public async Task Nothing_installed_means_no_specs()
    {
        Assert.Empty(await new JupyterKernelSpecs(_scratch.Lookup()).ListAsync());
    }
}
