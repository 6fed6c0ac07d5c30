using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConcurrencyLab.Tools;
using NotebookRunner.Cli;
using NotebookRunner.Execution;
using NotebookRunner.Testing;

namespace NotebookRunner.Tests;

/// <summary>Paths, sample runs (once per test process) and the runner as a child process.</summary>
internal static class TestKit
{
    private static readonly ConcurrentDictionary<string, Lazy<TestRun>> SampleRuns = new();

    public static string RepoRoot { get; } = RepositoryRoot.Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("repository root (ConcurrencyLab.slnx) not found above the test output");

    public static string Samples => Path.Combine(RepoRoot, "tests", "NotebookRunner.Tests", "samples");

    /// <summary>Options as the tests use them: every cell runs (errors are what some samples are about), variables are read.</summary>
    public static TestRunOptions Options => new() { RepoRoot = RepoRoot };

    /// <summary>The result of running samples/NAME.ipynb (shared by every test that asks).</summary>
    public static TestRun Sample(string name) =>
        SampleRuns.GetOrAdd(name, n => new Lazy<TestRun>(() => Run(Path.Combine(Samples, n + ".ipynb")))).Value;

    public static TestRun Run(string path, TestRunOptions? options = null) => TestRun.Run(path, options ?? Options);

    public static string Stdout(this CellResult cell) =>
        string.Concat(cell.Outputs.OfType<StreamOutput>().Where(s => s.Name == "stdout").Select(s => s.Text.ToString()));

    public static string Stderr(this CellResult cell) =>
        string.Concat(cell.Outputs.OfType<StreamOutput>().Where(s => s.Name == "stderr").Select(s => s.Text.ToString()));

    public static ErrorOutput Error(this CellResult cell) => cell.Outputs.OfType<ErrorOutput>().First();

    /// <summary>A variable of the kernel, read back as JSON.</summary>
    public static T Var<T>(this TestRun result, string name)
    {
        Assert.True(result.Variables.TryGetValue(name, out var variable), $"no variable '{name}'; the kernel has: {string.Join(", ", result.Variables.Keys)}");
        Assert.True(variable.Json is not null, $"'{name}' ({variable.TypeName}) was not read as JSON");
        return JsonSerializer.Deserialize<T>(variable.Json)!;
    }

    private static readonly ConcurrentBag<string> CreatedDirectories = CleanedUpAtExit();

    /// <summary>A fresh folder under the temp path, deleted when the test process exits.</summary>
    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "runner-tests-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        CreatedDirectories.Add(dir);
        return dir;
    }

    private static ConcurrentBag<string> CleanedUpAtExit()
    {
        var created = new ConcurrentBag<string>();
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
    public static string WriteNotebook(string directory, string name, params string[] codeCells) =>
        WriteCells(directory, name, [.. codeCells.Select(code => ("csharp", code, (string[]?)null))]);

    /// <summary>Writes a notebook whose code cells name their kernel (and may carry tags).</summary>
    public static string WriteCells(string directory, string name, IReadOnlyList<(string Kernel, string Code, string[]? Tags)> codeCells)
    {
        var cells = new JsonArray { new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = $"# {name}" } };
        foreach (var (kernel, code, tags) in codeCells)
        {
            var metadata = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = kernel } };
            if (tags is not null) metadata["tags"] = new JsonArray([.. tags.Select(t => (JsonNode?)JsonValue.Create(t))]);
            cells.Add(new JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["metadata"] = metadata,
                ["outputs"] = new JsonArray(),
                ["source"] = code,
            });
        }
        var notebook = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = new JsonObject { ["defaultKernelName"] = "csharp" } },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 2,
        };
        var path = Path.Combine(directory, name + ".ipynb");
        File.WriteAllText(path, notebook.ToJsonString());
        return path;
    }

    public sealed record CliRun(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed);

    /// <summary>
    /// Runs the runner's command line in this process (<see cref="CommandLine.RunAsync"/> in a session of its own, what
    /// Program.cs does), with its output captured: the same parsing, exit codes, kernels and files, without starting a
    /// runner process.
    /// </summary>
    public static CliRun RunCli(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var clock = Stopwatch.StartNew();
        var code = Task.Run(async () =>
        {
            await using var session = new RunSession(stderr);
            return await CommandLine.RunAsync(args, stdout, stderr, session);
        }).GetAwaiter().GetResult();
        return new CliRun(code, stdout.ToString(), stderr.ToString(), clock.Elapsed);
    }

    /// <summary>Runs the built runner as a child process (dotnet NotebookRunner.dll), as a user would: for what needs
    /// a process of its own (an environment of its own, signals, the process's exit code).</summary>
    public static CliRun RunCliProcess(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var runner = Path.Combine(AppContext.BaseDirectory, "NotebookRunner.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoRoot };
        info.ArgumentList.Add(runner);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
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
