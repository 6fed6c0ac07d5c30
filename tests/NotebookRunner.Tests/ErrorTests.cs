using System.Diagnostics;
using ConcurrencyLab.Processes;
using NotebookRunner.Execution;
using NotebookRunner.Testing;

namespace NotebookRunner.Tests;

/// <summary>samples/errors.ipynb and small notebooks: each failure as the kernel reports it, named by cell and line.</summary>
public class ErrorTests
{
    private static TestRun Run => TestKit.Sample("errors");

    [Theory]
    [InlineData(3, "CS0103", 2)]  // undefined name, on line 2 of the cell
    [InlineData(7, "CS1529", 2)]  // using after code
    [InlineData(8, "CS0103", 1)]  // Thread without using System.Threading
    [InlineData(9, "CS7009", 2)]  // Roslyn's #r after code
    [InlineData(11, "CS1014", 1)] // `p with { ... }` alone parses as a property in script code
    public void Compile_errors_name_the_cell_line_and_compiler_error(int cell, string id, int line)
    {
        var result = Run.Cell(cell);
        Assert.Equal(CellStatus.Failed, result.Status);
        var error = result.Error();
        Assert.Equal("CompilationError", error.EName);
        Assert.StartsWith($"cell {cell}, line {line}: error {id}:", error.Traceback[0]);
    }

    [Fact]
    public void A_compile_error_leaves_the_state_and_with_allow_errors_the_next_cell_runs()
    {
        Assert.Equal(CellStatus.Passed, Run.Cell(4).Status);
        Assert.Equal(2, Run.Var<int>("afterCompileError"));
    }

    [Fact]
    public void An_exception_is_an_error_output_naming_its_type_and_the_cell()
    {
        var error = Run.Cell(5).Error();
        Assert.Equal("System.InvalidOperationException", error.EName);
        Assert.Equal("boom", error.EValue);
        Assert.StartsWith("cell 5: System.InvalidOperationException: boom", error.Traceback[0]);
        Assert.Equal(3, Run.Var<int>("afterThrow"));
    }

    [Fact]
    public void An_unknown_magic_command_fails_its_cell_with_the_kernels_message()
    {
        Assert.Contains("Unknown magic command '#!nosuchmagic'", Run.Cell(13).Error().Traceback[0]);
    }

    [Fact]
    public void The_notebook_fails_and_lists_exactly_the_failing_cells()
    {
        Assert.False(Run.Succeeded);
        Assert.Equal([3, 5, 7, 8, 9, 11, 13], Run.FailedCells.Select(c => c.Number));
    }

    [Fact]
    public void Without_allow_errors_the_notebook_stops_at_its_first_failing_cell_as_nbclient_does()
    {
        var run = TestKit.Run(Path.Combine(TestKit.Samples, "errors.ipynb"), TestKit.Options with { AllowErrors = false });
        Assert.Equal(CellStatus.Failed, run.Cell(3).Status);
        Assert.All(run.Cells.Where(c => c.Cell.IsCode && c.Number > 3), c => Assert.Equal(CellStatus.NotRun, c.Status));
    }

    [Fact]
    public void A_cell_tagged_raises_exception_may_fail_and_the_run_goes_on()
    {
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteCells(dir, "allowed", [("csharp", "throw new InvalidOperationException(\"expected\");", ["raises-exception"]), ("csharp", "var after = 1;", null)]);
        var run = TestKit.Run(path, TestKit.Options with { AllowErrors = false });
        Assert.True(run.Succeeded, run.Describe());
        Assert.Equal(CellStatus.Failed, run.Cell(2).Status);
        Assert.Equal(1, run.Var<int>("after"));
    }

    [Fact]
    public void A_missing_reference_fails_with_the_compiler_error_naming_the_file()
    {
        var run = TestKit.Sample("missing-reference");
        var error = run.Cell(2).Error();
        Assert.Contains("CS0006", error.Traceback[0]);
        Assert.Contains("no/such/library.dll", error.EValue);
        Assert.Equal(CellStatus.Passed, run.Cell(3).Status);
    }

    /// <summary>One kernel for three cells that each go wrong their own way (a package that does not exist, a kernel
    /// that does not exist, ten megabytes of output), then a cell that shows the run went on.</summary>
    private static readonly Lazy<TestRun> ThreeWaysWrong = new(() =>
    {
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteCells(dir, "three-ways-wrong",
        [
            ("csharp", "#r \"nuget: ConcurrencyLab.NoSuchPackage.Zzz, 1.0.0\"", null),       // cell 2
            ("klingon", "print(1)", null),                                                     // cell 3
            ("csharp", "Console.Write(new string('x', 10_000_000));\nConsole.WriteLine(\"end\");", null), // cell 4
            ("csharp", "var after = 1;", null),                                                // cell 5
        ]);
        return TestKit.Run(path);
    });

    [Fact]
    public void An_unknown_nuget_package_fails_its_cell_with_the_restore_error()
    {
        var run = ThreeWaysWrong.Value;
        Assert.Equal(CellStatus.Failed, run.Cell(2).Status);
        Assert.Contains("ConcurrencyLab.NoSuchPackage.Zzz", string.Join("\n", run.Cell(2).ErrorLines));
        Assert.Equal(1, run.Var<int>("after"));
    }

    [Fact]
    public void A_cell_for_a_kernel_that_does_not_exist_says_which_kernels_there_are()
    {
        var run = ThreeWaysWrong.Value;
        Assert.Equal(CellStatus.Failed, run.Cell(3).Status);
        var message = string.Join("\n", run.Cell(3).ErrorLines);
        Assert.Contains("a kernel named 'klingon', which this notebook's kernel does not have", message);
        Assert.Contains("csharp", message);
        Assert.Equal(1, run.Var<int>("after"));
    }

    [Fact]
    public void Ten_megabytes_of_output_are_cut_with_a_note_and_the_cell_passes()
    {
        var run = ThreeWaysWrong.Value;
        Assert.Equal(CellStatus.Passed, run.Cell(4).Status);
        Assert.Equal(CellOutputCollector.MaxStreamChars, run.Cell(4).Stdout().Length);
        Assert.Contains("[output truncated: 9,000,004 more characters not shown", run.Cell(4).Stderr());
        Assert.Equal([2, 3], run.FailedCells.Select(c => c.Number));
        Assert.Equal(1, run.Var<int>("after"));
    }

    [Fact]
    public void A_cell_that_never_finishes_is_stopped_at_the_timeout_with_its_kernel_and_the_run_ends()
    {
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteNotebook(dir, "forever", "var before = 1;", "while (true) { }", "var never = 1;");
        var clock = Stopwatch.StartNew();
        var run = TestKit.Run(path, TestKit.Options with { CellTimeout = TimeSpan.FromSeconds(2) });
        // The first cell has the start-up allowance; the spinning one gets 2 s; then the kill: bounded well below a minute.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"took {clock.Elapsed}");
        Assert.True(run.TimedOut);
        Assert.Equal(CellStatus.TimedOut, run.Cell(3).Status);
        Assert.Equal("Timeout", run.Cell(3).Error().EName);
        Assert.Equal(CellStatus.NotRun, run.Cell(4).Status);
        Assert.NotEmpty(run.KernelProcessIds);
        Assert.All(run.KernelProcessIds, id => Assert.False(ProcessTable.IsAlive(id), $"process {id} of the kernel is still alive"));
    }
}
