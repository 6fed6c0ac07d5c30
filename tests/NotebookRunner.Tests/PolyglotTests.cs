using NotebookRunner.Execution;
using NotebookRunner.Testing;

namespace NotebookRunner.Tests;

/// <summary>samples/polyglot.ipynb: cells for F#, PowerShell, HTML and markdown, the kernel's magic commands and
/// value sharing all work, because the kernel itself runs them.</summary>
public class PolyglotTests
{
    private static TestRun Run => TestKit.Sample("polyglot");

    [Fact]
    public void Every_cell_passes_in_its_own_kernel()
    {
        Assert.True(Run.Succeeded, Run.Describe());
        Assert.Equal(["csharp", "csharp", "csharp", "fsharp", "pwsh", "html", "csharp", "csharp", "csharp"],
            Run.Cells.Where(c => c.Cell.IsCode).Select(c => c.Cell.KernelName));
    }

    [Fact]
    public void Load_and_import_bring_code_from_files_beside_the_notebook()
    {
        Assert.Equal(9.0, Run.Var<double>("area"));
        Assert.Equal(21, Run.Var<int>("tripled"));
    }

    [Fact]
    public void Time_prints_the_kernels_wall_time_line()
    {
        var shown = Assert.Single(Run.Cell(4).Outputs.OfType<DisplayOutput>()).Data["text/plain"];
        Assert.Matches(@"^Wall time: \d+(\.\d+)?ms$", shown);
    }

    [Fact]
    public void Other_kernels_outputs_arrive_as_the_editor_shows_them()
    {
        Assert.Equal("42", Assert.Single(Run.Cell(5).Outputs.OfType<ResultOutput>()).Data["text/plain"]);
        Assert.Equal("from pwsh\n", Run.Cell(6).Stdout());
        Assert.Equal("<b id=\"from-html\">from html</b>", Assert.Single(Run.Cell(7).Outputs.OfType<DisplayOutput>()).Data["text/html"]);
        Assert.Contains("From markdown</h2>", Assert.Single(Run.Cell(8).Outputs.OfType<DisplayOutput>()).Data["text/html"]);
    }

    [Fact]
    public void Set_shares_a_value_from_fsharp_into_csharp()
    {
        Assert.Equal(43, Run.Var<int>("sharedPlusOne"));
    }

    [Fact]
    public void Cells_run_in_the_notebooks_folder()
    {
        Assert.Equal(TestKit.Samples, Run.Var<string>("cwd"));
    }
}
