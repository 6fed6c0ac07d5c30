using System.Text.RegularExpressions;
using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

/// <summary>The command line (in this process, or as a child process where a test needs its own environment):
/// exit codes, messages, what is (not) written.</summary>
public class CliTests
{
    [Fact]
    public void Help_documents_the_options_the_kernel_and_every_exit_code()
    {
        var run = TestKit.RunCli("--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var word in new[] { "--out", "--cell-timeout", "--allow-errors", "--gallery", "124", "nbformat", "dotnet tool run dotnet-interactive", "raises-exception" })
            Assert.Contains(word, run.Stdout);
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("--cell-timeout", "soon")]
    [InlineData("does/not/exist.ipynb")]
    public void Bad_usage_exits_with_2_and_says_what_is_wrong(params string[] args)
    {
        var run = TestKit.RunCli(args);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr);
    }

    [Fact]
    public void No_argument_is_bad_usage() => Assert.Equal(2, TestKit.RunCli().ExitCode);

    [Fact]
    public void Malformed_json_exits_with_2_and_writes_nothing()
    {
        var dir = TestKit.TempDirectory();
        var good = TestKit.WriteNotebook(dir, "good", "var a = 1;");
        var bad = Path.Combine(dir, "bad.ipynb");
        File.WriteAllText(bad, "{ \"cells\": [ ");
        var outDir = Path.Combine(dir, "out");
        var run = TestKit.RunCli(good, bad, "--out", outDir);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.ipynb: not valid JSON", run.Stderr);
        Assert.False(Directory.Exists(outDir), "nothing may be written when a notebook cannot be read");
    }

    [Theory]
    [InlineData("""{"metadata":{},"nbformat":3,"nbformat_minor":0,"worksheets":[{"cells":[]}]}""", "nbformat 3 is not supported")]
    [InlineData("""{"metadata":{},"nbformat":4,"nbformat_minor":2,"cells":[{"cell_type":"code","source":1}]}""", "cell 1 has a \"source\" that is neither")]
    [InlineData("""{"metadata":{},"nbformat":4,"nbformat_minor":2,"cells":[{"cell_type":"spreadsheet","source":""}]}""", "cell 1 has the unknown cell_type \"spreadsheet\"")]
    [InlineData("""[1, 2]""", "a notebook must be a JSON object")]
    public void A_notebook_that_is_not_nbformat_4_is_rejected_with_a_message(string json, string message)
    {
        var dir = TestKit.TempDirectory();
        var file = Path.Combine(dir, "strange.ipynb");
        File.WriteAllText(file, json);
        var run = TestKit.RunCli(file, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public void The_output_folder_may_not_be_the_source_folder()
    {
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteNotebook(dir, "same", "var a = 1;");
        var before = File.ReadAllText(path);
        var run = TestKit.RunCli(path, "--out", dir);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("would overwrite the source notebook", run.Stderr);
        Assert.Equal(before, File.ReadAllText(path));
    }

    [Fact]
    public void A_failing_cell_exits_with_1_names_the_cell_and_stops_that_notebook_unless_errors_are_allowed()
    {
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteNotebook(dir, "failing", "var a = 1;", "var b = nope;", "Console.WriteLine(a + 1);");
        var outDir = Path.Combine(dir, "out");
        var run = TestKit.RunCli(path, "--out", outDir);
        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"cell +3 +FAILED", run.Stdout);
        Assert.Matches(@"cell +4 +not run", run.Stdout);
        Assert.Contains("cell 3, line 1: error CS0103", run.Stdout);
        Assert.Contains("failed: failing.ipynb cell 3", run.Stdout);

        var allowed = TestKit.RunCli(path, "--out", outDir, "--allow-errors");
        Assert.Equal(0, allowed.ExitCode);
        Assert.Matches(@"cell +4 +ok", allowed.Stdout);
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "failing.ipynb")))!;
        Assert.Equal("2\n", (string?)executed["cells"]![3]!["outputs"]![0]!["text"]![0]);
    }

    [Fact]
    public void A_spinning_cell_is_stopped_at_the_timeout_with_exit_124_in_bounded_time()
    {
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteNotebook(dir, "spin", "Console.WriteLine(\"before\");", "while (true) { }", "Console.WriteLine(\"never\");");
        var outDir = Path.Combine(dir, "out");
        var run = TestKit.RunCli(path, "--out", outDir, "--cell-timeout", "3");
        Assert.Equal(124, run.ExitCode);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(90), $"took {run.Elapsed}");
        Assert.Contains("cell 3 exceeded the cell timeout of 3 s", run.Stderr);
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "spin.ipynb")))!;
        Assert.Equal("Timeout", (string?)executed["cells"]![2]!["outputs"]![0]!["ename"]);
        Assert.Empty(executed["cells"]![3]!["outputs"]!.AsArray());
        Assert.True(File.Exists(Path.Combine(outDir, "spin.html")));
    }

    [Fact]
    public void A_green_notebook_exits_0_and_writes_the_executed_notebook_and_report_without_temp_files()
    {
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteNotebook(dir, "green", "var a = 20;", "a + 22");
        var outDir = Path.Combine(dir, "out");
        var run = TestKit.RunCli(path, "--out", outDir);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["green.html", "green.ipynb"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "green.ipynb")))!;
        Assert.Equal(2, (int)executed["cells"]![2]!["execution_count"]!);
        Assert.Equal("42", (string?)executed["cells"]![2]!["outputs"]![0]!["data"]!["text/plain"]![0]);
        Assert.Contains("run time", run.Stdout);
    }

    [Fact]
    public void Two_folders_with_notebooks_of_the_same_name_are_written_to_mirrored_sub_folders()
    {
        var dir = TestKit.TempDirectory();
        var lessons = Path.Combine(dir, "notebooks");
        var solutions = Path.Combine(lessons, "solutions");
        Directory.CreateDirectory(solutions);
        TestKit.WriteNotebook(lessons, "01-topic", "var who = \"lesson\";\nwho");
        TestKit.WriteNotebook(solutions, "01-topic", "var who = \"solution\";\nwho");
        var outDir = Path.Combine(dir, "out");
        var run = TestKit.RunCli(lessons, solutions, "--out", outDir, "--gallery");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("lesson", File.ReadAllText(Path.Combine(outDir, "01-topic.ipynb")));
        Assert.Contains("solution", File.ReadAllText(Path.Combine(outDir, "solutions", "01-topic.ipynb")));
        Assert.True(File.Exists(Path.Combine(outDir, "solutions", "01-topic.html")));
        var index = File.ReadAllText(Path.Combine(outDir, "index.html"));
        Assert.Contains("href=\"solutions/01-topic.html\"", index);
        // Each notebook's run time, in the index and in the summary printed at the end.
        Assert.Equal(2, Regex.Count(index, @"<td class=""time"">\d+\.\d s</td>"));
        Assert.Matches(@"01-topic\.ipynb +\d+\.\d\d s", run.Stdout);
    }

    [Fact]
    public void A_tool_that_is_missing_and_cannot_be_restored_exits_with_3_and_says_what_to_do()
    {
        var dir = TestKit.TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, ".config"));
        File.Copy(Path.Combine(TestKit.RepoRoot, ".config", "dotnet-tools.json"), Path.Combine(dir, ".config", "dotnet-tools.json"));
        var emptyFeed = Directory.CreateDirectory(Path.Combine(dir, "empty-feed")).FullName;
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="empty" value="{emptyFeed}" /></packageSources></configuration>
            """);
        var path = TestKit.WriteNotebook(dir, "needs-kernel", "var a = 1;");
        var run = TestKit.RunCliProcess(FreshMachine(dir), path, "--out", Path.Combine(dir, "out"));
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("'dotnet tool restore' failed", run.Stderr);
        Assert.Contains("microsoft.dotnet-interactive", run.Stderr);
        Assert.True(run.Elapsed < TimeSpan.FromMinutes(2), $"took {run.Elapsed}");
    }

    [Fact]
    public async Task A_tool_that_is_missing_is_restored_by_the_runner_itself()
    {
        // A private packages folder without the tool, and a feed that has it (the package this machine restored).
        await NotebookRunner.Kernel.KernelTool.Find(TestKit.RepoRoot, null).RestoreAsync();
        var cached = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages", "microsoft.dotnet-interactive");
        var nupkg = Directory.Exists(cached) ? Directory.GetFiles(cached, "*.nupkg", SearchOption.AllDirectories).FirstOrDefault() : null;
        Assert.True(nupkg is not null, $"the tool's package is expected in {cached} (the other tests restore it)");
        var dir = TestKit.TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, ".config"));
        File.Copy(Path.Combine(TestKit.RepoRoot, ".config", "dotnet-tools.json"), Path.Combine(dir, ".config", "dotnet-tools.json"));
        var feed = Directory.CreateDirectory(Path.Combine(dir, "feed")).FullName;
        File.CreateSymbolicLink(Path.Combine(feed, Path.GetFileName(nupkg)), nupkg);
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>
            """);
        var path = TestKit.WriteNotebook(dir, "restores", "var a = 40 + 2;\na");
        var environment = FreshMachine(dir);
        var run = TestKit.RunCliProcess(environment, path, "--out", Path.Combine(dir, "out"));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.True(Directory.Exists(Path.Combine(environment["NUGET_PACKAGES"], "microsoft.dotnet-interactive")), "the tool was not restored into the packages folder");
    }

    /// <summary>A machine that never restored the tool: its own NuGet packages folder and .NET CLI home (where the SDK
    /// remembers restored local tools).</summary>
    private static Dictionary<string, string> FreshMachine(string dir) => new()
    {
        ["NUGET_PACKAGES"] = Directory.CreateDirectory(Path.Combine(dir, "packages")).FullName,
        ["DOTNET_CLI_HOME"] = Directory.CreateDirectory(Path.Combine(dir, "cli-home")).FullName,
    };
}
