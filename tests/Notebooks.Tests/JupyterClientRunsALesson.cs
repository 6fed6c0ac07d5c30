using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Notebooks.Tests;

/// <summary>
/// The other way learners run the lessons: Jupyter's own client (nbconvert/nbclient) with the tool's Jupyter kernel,
/// registered into a temporary Jupyter data folder exactly as the README says. One lesson, zero errors.
/// </summary>
public class JupyterClientRunsALesson
{
    private const string Python = "/usr/bin/python3";
    private const string Lesson = "00-start-here.ipynb";

    [SkippableFact]
    public void A_lesson_runs_with_zero_errors_through_nbconvert_and_the_net_csharp_kernel()
    {
        RequireJupyter();
        var data = Directory.CreateTempSubdirectory("concurrency-lab-jupyter-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(data, "kernels")); // the tool installs into an existing folder only
            var install = Run("dotnet", ["tool", "run", "dotnet-interactive", "--", "jupyter", "install", "--path", Path.Combine(data, "kernels")], data);
            Assert.True(install.ExitCode == 0, install.Output);
            Assert.True(File.Exists(Path.Combine(data, "kernels", ".net-csharp", "kernel.json")), install.Output);

            var executed = Path.Combine(data, "executed.ipynb");
            var convert = NotebookRuns.Exclusive(() => Run(Python,
                ["-m", "nbconvert", "--to", "notebook", "--execute", Path.Combine("notebooks", Lesson), "--output", executed,
                 "--ExecutePreprocessor.kernel_name=.net-csharp", "--ExecutePreprocessor.timeout=600"], data));
            Assert.True(convert.ExitCode == 0, convert.Output);

            var cells = JsonNode.Parse(File.ReadAllText(executed))!["cells"]!.AsArray();
            var code = cells.Where(c => (string?)c!["cell_type"] == "code").ToList();
            Assert.NotEmpty(code);
            Assert.All(code, c => Assert.NotNull(c!["execution_count"]));
            var errors = code.SelectMany(c => c!["outputs"]!.AsArray()).Where(o => (string?)o!["output_type"] == "error")
                .Select(o => $"{o!["ename"]}: {o["evalue"]}").ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            // The lesson's first chart arrived as HTML from the kernel.
            Assert.Contains(code.SelectMany(c => c!["outputs"]!.AsArray()), o => o!["data"]?["text/html"] is not null);
        }
        finally
        {
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    private static (int ExitCode, string Output) Run(string file, string[] args, string jupyterData)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = NotebookRuns.RepositoryRootPath,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["JUPYTER_DATA_DIR"] = jupyterData;
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

    private static void RequireJupyter()
    {
        var available = File.Exists(Python) && Run(Python, ["-c", "import nbconvert, nbclient"], Path.GetTempPath()).ExitCode == 0;
        if (available) return;
        var message = "Jupyter's client is not installed (apt-get install -y jupyter-nbconvert python3-nbclient).";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))) Assert.Fail(message + " CI requires it.");
        Skip.If(true, message);
    }
}
