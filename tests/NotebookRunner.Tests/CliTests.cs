using System.Text.Json.Nodes;

namespace NotebookRunner.Tests;

/// <summary>The command line, run as a child process: exit codes, messages, what is (not) written.</summary>
public class CliTests
{
    [Fact]
    public void Help_documents_the_options_and_every_exit_code()
    {
        var run = TestKit.RunCli("--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var word in new[] { "--out", "--cell-timeout", "--allow-errors", "--gallery", "124", "nbformat", "#r \"nuget:", "#!time" })
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

    [Fact]
    public void Nbformat_3_is_rejected_with_a_message()
    {
        var dir = TestKit.TempDirectory();
        var old = Path.Combine(dir, "old.ipynb");
        File.WriteAllText(old, """{"metadata":{},"nbformat":3,"nbformat_minor":0,"worksheets":[{"cells":[]}]}""");
        var run = TestKit.RunCli(old, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nbformat 3 is not supported", run.Stderr);
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
    public void A_failing_cell_exits_with_1_names_the_cell_and_later_cells_still_run()
    {
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteNotebook(dir, "failing", "var a = 1;", "var b = nope;", "Console.WriteLine(a + 1);");
        var outDir = Path.Combine(dir, "out");
        var run = TestKit.RunCli(path, "--out", outDir);
        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"cell +3 +FAILED", run.Stdout);
        Assert.Matches(@"cell +4 +ok", run.Stdout);
        Assert.Contains("cell 3, line 1: error CS0103", run.Stdout);
        Assert.Contains("failed: failing.ipynb cell 3", run.Stdout);
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "failing.ipynb")))!;
        Assert.Equal("2\n", (string?)executed["cells"]![3]!["outputs"]![0]!["text"]![0]);
        Assert.Equal(0, TestKit.RunCli(path, "--out", outDir, "--allow-errors").ExitCode);
    }

    [Fact]
    public void A_spinning_cell_is_stopped_at_the_timeout_with_exit_124_in_bounded_time()
    {
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteNotebook(dir, "spin", "Console.WriteLine(\"before\");", "while (true) { }", "Console.WriteLine(\"never\");");
        // 10 s: the first cell also pays the compiler's start-up, which on a loaded machine can take seconds.
        var outDir = Path.Combine(dir, "out");
        var run = TestKit.RunCli(path, "--out", outDir, "--cell-timeout", "10");
        Assert.Equal(124, run.ExitCode);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(60), $"took {run.Elapsed}");
        Assert.Contains("cell 3 exceeded the cell timeout of 10 s", run.Stderr);
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
}
