using NotebookRunner.Execution;

namespace NotebookRunner.Tests;

/// <summary>samples/errors.ipynb: each failure as the kernel reports it; later cells run on the previous state.</summary>
public class ErrorTests
{
    private static NotebookResult Run => TestKit.Sample("errors");

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
    public void A_compile_error_leaves_the_state_and_the_next_cell_runs()
    {
        Assert.Equal(CellStatus.Passed, Run.Cell(4).Status);
        Assert.Equal(2, Run.Var<int>("afterCompileError"));
    }

    [Fact]
    public void An_exception_is_an_error_output_naming_type_cell_and_line_and_the_run_goes_on()
    {
        var error = Run.Cell(5).Error();
        Assert.Equal("System.InvalidOperationException", error.EName);
        Assert.Equal("boom", error.EValue);
        Assert.StartsWith("cell 5, line 1: System.InvalidOperationException: boom", error.Traceback[0]);
        Assert.Equal(3, Run.Var<int>("afterThrow"));
    }

    [Fact]
    public void A_parenthesised_with_expression_is_a_value()
    {
        Assert.Equal(CellStatus.Passed, Run.Cell(12).Status);
        Assert.Contains("X: 5", Assert.Single(Run.Cell(12).Outputs.OfType<ResultOutput>()).Data["text/plain"]);
    }

    [Fact]
    public void An_unknown_magic_command_fails_its_cell_with_a_clear_message()
    {
        Assert.Contains("#!nosuchmagic is not supported", Run.Cell(13).Error().EValue);
    }

    [Fact]
    public void The_notebook_fails_and_lists_exactly_the_failing_cells()
    {
        Assert.False(Run.Succeeded);
        Assert.Equal([3, 5, 7, 8, 9, 11, 13], Run.FailedCells.Select(c => c.Number));
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

    [Fact]
    public void Ten_megabytes_of_output_are_cut_with_a_note_and_the_cell_passes()
    {
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteNotebook(dir, "loud", "Console.Write(new string('x', 10_000_000));\nConsole.WriteLine(\"end\");", "var after = 1;");
        var run = TestKit.Run(path);
        Assert.True(run.Succeeded);
        var text = run.Cell(2).Stdout();
        Assert.Equal(CellContext.DefaultMaxStreamChars, text.Length);
        Assert.Contains("[output truncated: 9,000,004 more characters not shown", run.Cell(2).Stderr());
    }

    [Fact]
    public void A_cell_that_never_finishes_is_abandoned_at_the_timeout_and_the_run_stops()
    {
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteNotebook(dir, "forever", "var before = 1;", "await Task.Delay(-1);", "var never = 1;");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = TestKit.Run(path, new RunOptions { CellTimeout = TimeSpan.FromSeconds(1) });
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.True(run.TimedOut);
        Assert.Equal(CellStatus.TimedOut, run.Cell(3).Status);
        Assert.Equal("Timeout", run.Cell(3).Error().EName);
        Assert.Equal(CellStatus.NotRun, run.Cell(4).Status);
    }
}
