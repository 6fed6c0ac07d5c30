using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Notebooks.Tests;

/// <summary>
/// Runs notebooks the other way learners run them: Jupyter's own client (nbconvert/nbclient) with the tool's Jupyter
/// kernel (.net-csharp), registered into a temporary Jupyter data folder exactly as the README says. Once per notebook
/// per test process, scheduled with the runner's runs (<see cref="NotebookRuns"/>).
/// </summary>
public static class JupyterRuns
{
    public const string Python = "/usr/bin/python3";
    private static readonly Lazy<string> DataFolder = new(RegisterKernels);

    /// <summary>The executed notebook (path relative to notebooks/); skips, or fails in CI, where Jupyter's client is missing.</summary>
    public static JupyterRun Get(string pathRelativeToNotebooksFolder)
    {
        RequireJupyter();
        return NotebookRuns.Scheduled<JupyterRun>(JobName(pathRelativeToNotebooksFolder.Replace('\\', '/')));
    }

    /// <summary>The scheduled run of a notebook through Jupyter (see <see cref="NotebookSchedule"/>); where Jupyter's
    /// client is missing the job does nothing and <see cref="Get"/> says so.</summary>
    internal static NotebookSchedule.Job Job(string relative) =>
        new(JobName(relative), () => JupyterAvailable.Value ? Execute(relative) : null!);

    private static string JobName(string relative) => "jupyter:" + relative;

    /// <summary>Runs a notebook through nbconvert; the caller decides what may run beside it.</summary>
    private static JupyterRun Execute(string relative)
    {
        var executed = Path.Combine(DataFolder.Value, Path.GetFileNameWithoutExtension(relative) + ".executed.ipynb");
        var convert = Run(Python,
            ["-m", "nbconvert", "--to", "notebook", "--execute", Path.Combine("notebooks", relative), "--output", executed,
             "--ExecutePreprocessor.kernel_name=.net-csharp", "--ExecutePreprocessor.timeout=600",
             // Every cell runs, as in the runner's test runs, so a failure lists every error at once.
             "--allow-errors"], DataFolder.Value);
        Assert.True(convert.ExitCode == 0, convert.Output);
        return new JupyterRun(relative, JsonNode.Parse(File.ReadAllText(executed))!);
    }

    private static string RegisterKernels()
    {
        var data = Directory.CreateTempSubdirectory("concurrency-lab-jupyter-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        };
        Directory.CreateDirectory(Path.Combine(data, "kernels")); // the tool installs into an existing folder only
        var install = Run("dotnet", ["tool", "run", "dotnet-interactive", "--", "jupyter", "install", "--path", Path.Combine(data, "kernels")], data);
        Assert.True(install.ExitCode == 0, install.Output);
        Assert.True(File.Exists(Path.Combine(data, "kernels", ".net-csharp", "kernel.json")), install.Output);
        return data;
    }

    private static (int ExitCode, string Output) Run(string file, string[] args, string? jupyterData = null)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = NotebookRuns.RepositoryRootPath,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        if (jupyterData is not null) info.Environment["JUPYTER_DATA_DIR"] = jupyterData;
        info.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish within 10 minutes.");
        }
        process.WaitForExit();
        return (process.ExitCode, $"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
    }

    private static readonly Lazy<bool> JupyterAvailable =
        new(() => File.Exists(Python) && Run(Python, ["-c", "import nbconvert, nbclient"]).ExitCode == 0);

    private static void RequireJupyter()
    {
        if (JupyterAvailable.Value) return;
        var message = "Jupyter's client is not installed (apt-get install -y jupyter-nbconvert python3-nbclient).";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))) Assert.Fail(message + " CI requires it.");
        Skip.If(true, message);
    }
}

/// <summary>A notebook as Jupyter's client executed it: its code cells with their outputs.</summary>
public sealed class JupyterRun(string relativePath, JsonNode executed)
{
    public string RelativePath { get; } = relativePath;

    /// <summary>The code cells, in order, each with its 0-based index among all cells.</summary>
    public IReadOnlyList<(int Index, JsonNode Cell)> CodeCells { get; } =
        [.. executed["cells"]!.AsArray().Select((c, i) => (i, c!)).Where(t => (string?)t.Item2["cell_type"] == "code")];

    /// <summary>Each error output, as "cell N: ename: evalue".</summary>
    public IReadOnlyList<string> Errors =>
        [.. CodeCells.SelectMany(c => Outputs(c.Cell).Where(o => (string?)o["output_type"] == "error")
            .Select(o => $"cell {c.Index}: {o["ename"]}: {o["evalue"]}"))];

    /// <summary>The cell's source text.</summary>
    public static string Source(JsonNode cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue text => (string?)text ?? "",
        _ => "",
    };

    public static IEnumerable<JsonNode> Outputs(JsonNode cell) => cell["outputs"]!.AsArray().Select(o => o!);

    /// <summary>An output's text: a stream's text, or the text/plain of a displayed value or result.</summary>
    public static string Text(JsonNode output) => (string?)output["output_type"] switch
    {
        "stream" => Joined(output["text"]),
        "display_data" or "execute_result" => Joined(output["data"]?["text/plain"]),
        "error" => $"{output["ename"]}: {output["evalue"]}",
        _ => "",
    };

    /// <summary>Everything the cells showed as text, in cell order.</summary>
    public string AllText => string.Join("\n", CodeCells.SelectMany(c => Outputs(c.Cell)).Select(Text));

    public string Describe() =>
        $"{RelativePath} through Jupyter: {(Errors.Count == 0 ? "no errors" : string.Join("\n  ", ["errors:", .. Errors]))}";

    private static string Joined(JsonNode? text) => text switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue value => (string?)value ?? "",
        _ => "",
    };
}
