using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookRunner.Execution;
using NotebookRunner.Testing;

namespace Notebooks.Tests;

/// <summary>
/// In the genuine kernel, a <c>#!connect jupyter</c> whose Python never answers (a kernel spec whose "python" starts
/// and then says nothing, as a real connect can when its first reply is lost) is abandoned after the time limit, its process
/// stopped and its connection file deleted, and tried again; after the last try the stand-in takes over and the notebook goes on. Without the
/// cancellation the kernel's scheduler would hold the cell, and every cell after it, until the runner killed it.
/// </summary>
public sealed class AConnectThatNeverAnswers
{
    private const int AttemptSeconds = 8;
    private const string JobName = "a connect that never answers";

    /// <summary>The notebook's run and the folder that held its silent Python (deleted when the test process exits).</summary>
    private sealed record SilentRun(TestRun Run, string Scratch);

    /// <summary>Scheduled with the notebooks (<see cref="NotebookSchedule"/>): it mostly waits for the attempts to time out.</summary>
    internal static NotebookSchedule.Job Job() => new(JobName, () => OperatingSystem.IsLinux() ? Run() : null!);

    [SkippableFact]
    public void Is_abandoned_three_times_then_the_stand_in_takes_over_and_later_cells_run()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "a shell script stands for Python, and the cell counts processes in /proc");
        var (silent, scratch) = NotebookRuns.Scheduled<SilentRun>(JobName);
        var (run, result) = (new NotebookRun("silent-python.ipynb", silent), silent.Result);
        Assert.True(run.Succeeded, run.Describe()); // no cell timed out: the connect cell ended by itself
        var code = result.Cells.Where(c => c.Cell.IsCode).ToList();
        Assert.Contains($"No Python kernel, so each #!python cell will show: Python cell not run: 3 #!connect jupyter lines did not answer within {AttemptSeconds} s and were abandoned", Shown(code[1]));
        Assert.StartsWith("Python cell not run: 3 #!connect jupyter lines did not answer", Shown(code[2]));
        Assert.Contains("silent Pythons left running: 0", Shown(code[3]));
        var runtime = Path.Combine(scratch, "jupyter-data", "runtime");
        Assert.True(Directory.Exists(runtime), "the connects wrote no connection file where JUPYTER_DATA_DIR says");
        Assert.Empty(Directory.GetFiles(runtime, "kernel-*.json")); // each abandoned connect's file was deleted
    }

    private static SilentRun Run()
    {
        var scratch = Directory.CreateTempSubdirectory("concurrency-lab-silent-python-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        };
        string Executable(string name, string body)
        {
            var path = Path.Combine(scratch, "bin", name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return path;
        }
        var python = Executable("python3",
            // Answers the helpers' check (`python3 -c ...`), then, started as a kernel, runs and never answers.
            "if [ \"$1\" = \"-c\" ]; then echo 3.12.99; exit 0; fi\nwhile :; do sleep 1; done");
        var spec = new JsonObject
        {
            ["kernelspecs"] = new JsonObject
            {
                ["python3"] = new JsonObject
                {
                    ["resource_dir"] = scratch,
                    ["spec"] = new JsonObject
                    {
                        ["argv"] = new JsonArray("" + python, "-m", "ipykernel_launcher", "-f", "{connection_file}"),
                        ["display_name"] = "Python that never answers",
                        ["language"] = "python",
                    },
                },
            },
        };
        // Both the helpers and the kernel's #!connect ask `jupyter kernelspec list --json`.
        Executable("jupyter", $"cat <<'SPECS'\n{spec.ToJsonString()}\nSPECS");
        var notebookPath = Path.Combine(scratch, "silent-python.ipynb");
        File.WriteAllText(notebookPath, Notebook(
            ("csharp", $"#r \"{Path.Combine(NotebookRuns.RepositoryRootPath, "helpers", "bin", "ConcurrencyLab.dll")}\"\n" +
                $"#r \"{Path.Combine(NotebookRuns.RepositoryRootPath, "helpers", "bin", "ConcurrencyLab.Notebook.dll")}\"\nusing ConcurrencyLab;"),
            ("csharp", $"var status = await PythonKernel.ConnectAsync(attemptTimeout: TimeSpan.FromSeconds({AttemptSeconds}));"),
            ("python", "print('never runs')"),
            ("csharp", $$"""
                using System.IO;
                var left = Directory.GetDirectories("/proc")
                    .Where(d => int.TryParse(Path.GetFileName(d), out _))
                    .Count(d => { try { return File.ReadAllText(d + "/cmdline").Contains("{{python}}"); } catch (IOException) { return false; } });
                Console.WriteLine($"silent Pythons left running: {left}");
                """)));
        var options = new TestRunOptions
        {
            RepoRoot = NotebookRuns.RepositoryRootPath,
            KernelEnvironment = new Dictionary<string, string?>
            {
                ["PATH"] = Path.Combine(scratch, "bin") + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
                // The kernel writes each connect's connection file to DATA_DIR/runtime.
                ["JUPYTER_DATA_DIR"] = Directory.CreateDirectory(Path.Combine(scratch, "jupyter-data")).FullName,
            },
        };

        return new SilentRun(TestRun.Run(notebookPath, options), scratch);
    }

    private static string Shown(CellResult cell) => string.Concat(cell.Outputs.Select(o => o switch
    {
        StreamOutput s => s.Text.ToString(),
        DisplayOutput d => string.Join("\n", d.Data.Values),
        _ => "",
    }));

    private static string Notebook(params (string Kernel, string Code)[] cells) => new JsonObject
    {
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
        ["metadata"] = new JsonObject
        {
            ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
            ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
            ["polyglot_notebook"] = new JsonObject
            {
                ["kernelInfo"] = new JsonObject
                {
                    ["defaultKernelName"] = "csharp",
                    ["items"] = new JsonArray(
                        new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" },
                        new JsonObject { ["aliases"] = new JsonArray(), ["languageName"] = "python", ["name"] = "python" }),
                },
            },
        },
        ["cells"] = new JsonArray(cells.Select((c, i) => (JsonNode)new JsonObject
        {
            ["cell_type"] = "code",
            ["id"] = $"cell-{i}",
            ["execution_count"] = null,
            ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = c.Kernel } },
            ["outputs"] = new JsonArray(),
            ["source"] = c.Code,
        }).ToArray()),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
