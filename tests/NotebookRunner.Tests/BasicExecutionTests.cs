using NotebookRunner.Execution;

namespace NotebookRunner.Tests;

/// <summary>samples/basic.ipynb: state across cells, streams, display handles, values, await.</summary>
public class BasicExecutionTests
{
    private static NotebookResult Run => TestKit.Sample("basic");

    [Fact]
    public void Every_cell_passes_and_execution_counts_follow_the_code_cells()
    {
        Assert.True(Run.Succeeded, string.Join("\n", Run.Cells.SelectMany(c => c.ErrorLines)));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], Run.Cells.Where(c => c.Cell.IsCode).Select(c => c.ExecutionCount!.Value));
        Assert.All(Run.Cells.Where(c => c.Cell.IsMarkdown), c => Assert.Null(c.ExecutionCount));
    }

    [Fact]
    public void Stdout_and_stderr_are_captured_separately()
    {
        Assert.Equal("hello\n", Run.Cell(2).Stdout());
        Assert.Equal("to stderr\n", Run.Cell(2).Stderr());
    }

    [Fact]
    public void The_last_expression_is_the_result_formatted_as_html_and_text()
    {
        var result = Assert.Single(Run.Cell(3).Outputs.OfType<ResultOutput>());
        Assert.Equal("42", result.Data["text/plain"]);
        Assert.Contains("42", result.Data["text/html"]);
    }

    [Fact]
    public void A_display_handle_update_replaces_the_shown_value()
    {
        var displays = Run.Cell(4).Outputs.OfType<DisplayOutput>().ToArray();
        Assert.Equal(2, displays.Length);
        Assert.Equal("second", displays[0].Data["text/plain"]);
        Assert.Equal("<b id=\"bold\">bold</b>", displays[1].Data["text/html"]);
    }

    [Fact]
    public void State_carries_over_and_top_level_await_works()
    {
        Assert.Equal("hello world", Run.Var<string>("afterAwait"));
        Assert.Contains("X: 10", Assert.Single(Run.Cell(7).Outputs.OfType<ResultOutput>()).Data["text/plain"]);
    }

    [Fact]
    public void Output_written_by_another_thread_lands_in_the_running_cell()
    {
        Assert.Equal("from another thread\n", Run.Cell(8).Stdout());
    }

    [Fact]
    public void Console_is_restored_after_the_run()
    {
        Assert.IsNotType<CapturingWriter>(Console.Out);
        Assert.IsNotType<CapturingWriter>(Console.Error);
    }

    [Fact]
    public void Running_each_cell_twice_is_an_option_and_keeps_the_last_outputs()
    {
        var twice = TestKit.Run(Path.Combine(TestKit.Samples, "basic.ipynb"), new RunOptions { RunEachCellTwice = true });
        Assert.True(twice.Succeeded, string.Join("\n", twice.Cells.SelectMany(c => c.ErrorLines)));
        Assert.Equal("hello\n", twice.Cell(2).Stdout());
    }

    [Fact]
    public void A_cell_that_fails_only_when_run_again_fails_with_the_twice_option()
    {
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteNotebook(dir, "rerun", "var list = new List<int>();", "list.Add(1);\nif (list.Count > 1) throw new InvalidOperationException(\"ran twice\");");
        Assert.True(TestKit.Run(path).Succeeded);
        var twice = TestKit.Run(path, new RunOptions { RunEachCellTwice = true });
        Assert.False(twice.Succeeded);
        Assert.Contains("ran twice", twice.Cell(3).Error().EValue);
    }

    [Fact]
    public void A_formatter_registered_by_one_notebook_does_not_leak_into_the_next()
    {
        var dir = TestKit.TempDirectory();
        var first = TestKit.WriteNotebook(dir, "registers", "using Microsoft.DotNet.Interactive.Formatting;\nFormatter.Register<int>((i, w) => w.Write(\"INT!\"), \"text/plain\");\n1");
        var second = TestKit.WriteNotebook(dir, "plain", "1");
        Assert.Equal("INT!", Assert.Single(TestKit.Run(first).Cell(2).Outputs.OfType<ResultOutput>()).Data["text/plain"]);
        Assert.Equal("1", Assert.Single(TestKit.Run(second).Cell(2).Outputs.OfType<ResultOutput>()).Data["text/plain"]);
    }
}
