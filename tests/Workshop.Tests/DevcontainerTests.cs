using System.Text.Json;

namespace Workshop.Tests;

public class DevcontainerTests
{
    private const string CliPackage = "@devcontainers/cli@0.89.0";

    /// <summary>The dev containers CLI itself reads and resolves the configuration; we check what it resolved.</summary>
    [SkippableFact]
    public void The_devcontainers_CLI_reads_the_configuration()
    {
        var npx = ExternalTool.Require("npx", "install Node.js and npm");

        // read-configuration first asks Docker for an existing container of this folder. No Docker engine runs
        // here (nor needs to: nothing is built), so it is pointed at a command that answers "no containers".
        var (exit, stdout, stderr) = ExternalTool.Run(npx,
            ["--yes", CliPackage, "read-configuration", "--workspace-folder", RepoPaths.Root, "--docker-path", "/bin/true"],
            RepoPaths.Root, TimeSpan.FromMinutes(5));
        Assert.True(exit == 0, $"read-configuration failed with exit {exit}:\n{stderr}");

        using var doc = JsonDocument.Parse(stdout);
        var config = doc.RootElement.GetProperty("configuration");
        Assert.StartsWith("mcr.microsoft.com/devcontainers/dotnet:10", config.GetProperty("image").GetString());
        var extensions = config.GetProperty("customizations").GetProperty("vscode").GetProperty("extensions")
            .EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("ms-dotnettools.dotnet-interactive-vscode", extensions);
        Assert.Contains("ms-dotnettools.csharp", extensions);
        Assert.Contains("ms-toolsai.jupyter", extensions);
        var openFiles = config.GetProperty("customizations").GetProperty("codespaces").GetProperty("openFiles")
            .EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["notebooks/00-start-here.ipynb"], openFiles);
        Assert.Equal("bash .devcontainer/post-create.sh", config.GetProperty("postCreateCommand").GetString());
    }

    [Fact]
    public void The_files_the_devcontainer_names_exist()
    {
        Assert.True(File.Exists(RepoPaths.Combine("notebooks", "00-start-here.ipynb")), "openFiles names notebooks/00-start-here.ipynb, which is missing.");
        var postCreate = File.ReadAllText(RepoPaths.Combine(".devcontainer", "post-create.sh"));
        // It restores the pinned kernel (no global install), registers its Jupyter kernels, builds the helpers the
        // notebooks #r, and warms the runner on the first lesson.
        Assert.Contains("dotnet tool restore", postCreate);
        Assert.Contains("dotnet tool run dotnet-interactive -- jupyter install", postCreate);
        Assert.Contains("dotnet build helpers/ConcurrencyLab.Notebook", postCreate);
        Assert.Contains("dotnet run --project tools/NotebookRunner -- notebooks/00-start-here.ipynb", postCreate);
        Assert.True(File.Exists(RepoPaths.Combine("tools", "NotebookRunner", "NotebookRunner.csproj")));
    }

    /// <summary>Where we control the machine, the notebooks' Python cells have Python 3 with ipykernel and the
    /// kernel spec python3 that #!connect jupyter looks for.</summary>
    [Fact]
    public void The_codespace_and_CI_install_python_with_ipykernel()
    {
        var postCreate = File.ReadAllText(RepoPaths.Combine(".devcontainer", "post-create.sh"));
        Assert.Contains("apt-get install -y -qq python3-ipykernel", postCreate);
        Assert.Contains("python3 -m ipykernel install --user --name python3", postCreate);
        var ci = File.ReadAllText(RepoPaths.Combine(".ci", "run"));
        Assert.Contains("need_apt+=(python3-ipykernel)", ci);
        Assert.True(File.Exists(RepoPaths.Combine("helpers", "python", "concurrency_lab", "__init__.py")));
    }
}
