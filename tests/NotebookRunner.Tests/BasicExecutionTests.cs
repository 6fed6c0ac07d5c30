using NotebookRunner.Execution;
using NotebookRunner.Testing;

namespace NotebookRunner.Tests;

/// <summary>samples/basic.ipynb in the genuine kernel: the kernel's events become the outputs the editor shows.</summary>
public class BasicExecutionTests
{
    private static TestRun Run => TestKit.Sample("basic");

    [Fact]
    public void Every_cell_passes_and_execution_counts_follow_the_code_cells()
    {
        Assert.True(Run.Succeeded, Run.Describe());
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], Run.Cells.Where(c => c.Cell.IsCode).Select(c => c.ExecutionCount!.Value));
        Assert.All(Run.Cells.Where(c => c.Cell.IsMarkdown), c => Assert.Null(c.ExecutionCount));
    }

    [Fact]
    public void Stdout_and_stderr_are_separate_streams()
    {
        Assert.Equal("hello\n", Run.Cell(2).Stdout());
        Assert.Equal("to stderr\n", Run.Cell(2).Stderr());
    }

    [Fact]
    public void The_last_expression_is_the_result_as_html_and_as_plain_text()
    {
        var result = Assert.Single(Run.Cell(3).Outputs.OfType<ResultOutput>());
        Assert.Equal("42", result.Data["text/plain"]);
        Assert.Contains("<pre>42</pre>", result.Data["text/html"]);
    }

    [Fact]
    public void A_display_update_is_appended_as_the_final_kernel_sends_it_under_a_new_value_id()
    {
        // display("first").Update("second"): the kernel sends the update with an id no output has, so the editor
        // shows both values; so does the runner. Then the HTML value.
        var displays = Run.Cell(4).Outputs.OfType<DisplayOutput>().ToArray();
        Assert.Equal(["first", "second"], displays.Take(2).Select(d => d.Data["text/plain"]));
        Assert.NotEqual(displays[0].ValueId, displays[1].ValueId);
        Assert.Equal("<b id=\"bold\">bold</b>", displays[2].Data["text/html"]);
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
    public void Variables_are_read_from_the_kernel_as_json_and_objects_only_as_a_summary()
    {
        Assert.Equal(42, Run.Var<int>("answer"));
        Assert.Equal("hello", Run.Var<string>("greeting"));
        var point = Run.Variables["p"];
        Assert.Null(point.Json);
        Assert.Contains("Point", point.TypeName);
    }

    [Fact]
    public void Running_each_cell_twice_keeps_the_last_outputs()
    {
        var twice = TestKit.Run(Path.Combine(TestKit.Samples, "basic.ipynb"), TestKit.Options with { RunEachCellTwice = true });
        Assert.True(twice.Succeeded, twice.Describe());
        Assert.Equal("hello\n", twice.Cell(2).Stdout());
    }

    [Fact]
    public void Notebooks_never_share_state_each_runs_in_its_own_kernel_process()
    {
        var dir = TestKit.TempDirectory();
        var first = TestKit.WriteNotebook(dir, "registers",
            "using Microsoft.DotNet.Interactive.Formatting;\nFormatter.Register<int>((i, w) => w.Write(\"INT!\"), \"text/plain\");\nvar pid = Environment.ProcessId;\n1");
        var second = TestKit.WriteNotebook(dir, "plain", "var pid = Environment.ProcessId;\n1");
        var a = TestKit.Run(first);
        var b = TestKit.Run(second);
        Assert.Equal("INT!", Assert.Single(a.Cell(2).Outputs.OfType<ResultOutput>()).Data["text/plain"]);
        Assert.Equal("1", Assert.Single(b.Cell(2).Outputs.OfType<ResultOutput>()).Data["text/plain"]);
        Assert.NotEqual(a.Var<int>("pid"), b.Var<int>("pid"));
    }
}
