using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using NotebookRunner.Cli;
using NotebookRunner.Execution;
using NotebookRunner.Notebook;

namespace NotebookRunner.Tests;

/// <summary>Paths, sample runs (once per test process) and the runner as a child process.</summary>
internal static class TestKit
{
    private static readonly ConcurrentDictionary<string, Lazy<NotebookResult>> SampleRuns = new();

    public static string RepoRoot { get; } = RepositoryRoot.Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("repository root (ConcurrencyLab.slnx) not found above the test output");

    public static string Samples => Path.Combine(RepoRoot, "tests", "NotebookRunner.Tests", "samples");

    public static string NuGetCache => Path.Combine(RepoRoot, "artifacts", "nuget-cache");

    /// <summary>The result of running samples/NAME.ipynb in-process (shared by every test that asks).</summary>
    public static NotebookResult Sample(string name) =>
        SampleRuns.GetOrAdd(name, n => new Lazy<NotebookResult>(() => Run(Path.Combine(Samples, n + ".ipynb")))).Value;

    public static NotebookResult Run(string path, RunOptions? options = null) =>
        Task.Run(() => NotebookExecutor.RunAsync(NotebookDocument.Load(path), options ?? new RunOptions { NuGetCacheDirectory = NuGetCache }))
            .GetAwaiter().GetResult();

    public static CellResult Cell(this NotebookResult result, int number) => result.Cells.Single(c => c.Number == number);

    public static string Stdout(this CellResult cell) =>
        string.Concat(cell.Outputs.OfType<StreamOutput>().Where(s => s.Name == "stdout").Select(s => s.Text.ToString()));

    public static string Stderr(this CellResult cell) =>
        string.Concat(cell.Outputs.OfType<StreamOutput>().Where(s => s.Name == "stderr").Select(s => s.Text.ToString()));

    public static ErrorOutput Error(this CellResult cell) => Assert.Single(cell.Outputs.OfType<ErrorOutput>());

    public static T Var<T>(this NotebookResult result, string name) =>
        (T)result.FinalState!.Variables.Last(v => v.Name == name).Value!;

    private static readonly System.Collections.Concurrent.ConcurrentBag<string> CreatedDirectories = CleanedUpAtExit();

    /// <summary>A fresh folder under the temp path, deleted when the test process exits.</summary>
    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "runner-tests-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        CreatedDirectories.Add(dir);
        return dir;
    }

    private static System.Collections.Concurrent.ConcurrentBag<string> CleanedUpAtExit()
    {
        var created = new System.Collections.Concurrent.ConcurrentBag<string>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var dir in created)
            {
                try { Directory.Delete(dir, recursive: true); }
                catch (IOException) { /* a child process may still hold a file: the OS cleans temp later */ }
                catch (UnauthorizedAccessException) { }
            }
        };
        return created;
    }

    /// <summary>Writes a notebook of C# code cells (metadata as VS Code writes it) and returns its path.</summary>
    public static string WriteNotebook(string directory, string name, params string[] codeCells)
    {
        var cells = new JsonArray { new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = $"# {name}" } };
        foreach (var code in codeCells)
            cells.Add(new JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
                ["outputs"] = new JsonArray(),
                ["source"] = code,
            });
        var notebook = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" } },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 2,
        };
        var path = Path.Combine(directory, name + ".ipynb");
        File.WriteAllText(path, notebook.ToJsonString());
        return path;
    }

    public sealed record CliRun(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed);

    /// <summary>Runs the built runner as a child process (dotnet NotebookRunner.dll), as a user would.</summary>
    public static CliRun RunCli(params string[] args)
    {
        var runner = Path.Combine(AppContext.BaseDirectory, "NotebookRunner.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoRoot };
        info.ArgumentList.Add(runner);
        foreach (var a in args) info.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the runner did not exit within 5 minutes: {string.Join(' ', args)}");
        }
        process.WaitForExit();
        return new CliRun(process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }

    /// <summary>True when running in CI, where a missing tool is a failure, not a skip.</summary>
    public static bool InCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Skips locally, fails in CI, when a required external tool is missing.</summary>
    public static void RequireTool(bool available, string what)
    {
        if (available) return;
        if (InCi) Assert.Fail($"{what} is required in CI but missing.");
        Skip.If(true, $"{what} is not installed here; the test runs where it is (and is required when CI is set).");
    }
}
