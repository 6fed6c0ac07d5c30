using NotebookRunner.Execution;
using NotebookRunner.Notebook;

namespace NotebookRunner.Tests;

/// <summary>samples/directives.ipynb and the cell splitter: #load, #!import, #!time, #!csharp, other kernels.</summary>
public class DirectiveTests
{
    private static NotebookResult Run => TestKit.Sample("directives");

    [Fact]
    public void The_directives_sample_runs_green() =>
        Assert.True(Run.Succeeded, string.Join("\n", Run.Cells.SelectMany(c => c.ErrorLines)));

    [Fact]
    public void Load_brings_a_csx_files_declarations_relative_to_the_notebook()
    {
        Assert.Equal(9.0, Run.Var<double>("area"));
        Assert.Equal("loaded", Run.Var<string>("loadedFromCsx"));
    }

    [Fact]
    public void Import_runs_a_cs_file_and_the_csharp_cells_of_a_notebook()
    {
        Assert.Equal(21, Run.Var<int>("tripled"));
        Assert.Equal("from imported.ipynb", Run.Var<string>("imported"));
    }

    [Fact]
    public void Time_displays_the_wall_time_like_the_kernel()
    {
        var shown = Assert.Single(Run.Cell(5).Outputs.OfType<DisplayOutput>()).Data["text/plain"];
        Assert.Matches(@"^Wall time: \d+([.,]\d+)?ms$", shown);
        var milliseconds = double.Parse(shown["Wall time: ".Length..^"ms".Length], System.Globalization.CultureInfo.CurrentCulture);
        Assert.InRange(milliseconds, 50, 60_000);
    }

    [Fact]
    public void Csharp_magic_may_stand_on_any_line()
    {
        Assert.Equal("C#", Run.Var<string>("chosenCSharp"));
        Assert.Equal(2, Run.Var<int>("magicOnAnyLine"));
    }

    [Theory]
    [InlineData(8, "fsharp")]
    [InlineData(9, "pwsh")]
    public void Cells_for_other_kernels_are_skipped_with_a_warning(int cell, string kernel)
    {
        var result = Run.Cell(cell);
        Assert.Equal(CellStatus.Skipped, result.Status);
        Assert.Contains($"'{kernel}' kernel", result.Warning);
        Assert.Null(result.ExecutionCount);
    }

    [Fact]
    public void Cells_run_in_the_notebooks_folder_and_the_directory_is_restored()
    {
        Assert.Equal(TestKit.Samples, Run.Var<string>("cwd"));
        Assert.NotEqual(TestKit.Samples, Directory.GetCurrentDirectory());
    }

    [Fact]
    public void Magic_lines_become_blank_lines_so_line_numbers_stay_true()
    {
        var parsed = CellDirectives.Parse("var a = 1;\n#!time\n#r \"nuget: Foo, 1.2.3\"\n#i \"nuget: https://example.invalid/feed\"\n#r \"local.dll\"\nvar b = 2;");
        Assert.Equal("var a = 1;\n\n\n\n#r \"local.dll\"\nvar b = 2;", parsed.Code);
        Assert.True(parsed.Time);
        Assert.Equal([new PackageRequest("Foo", "1.2.3")], parsed.Packages);
        Assert.Equal(["https://example.invalid/feed"], parsed.PackageSources);
    }

    [Theory]
    [InlineData("#r \"nuget: Foo\"", "Foo", null)]
    [InlineData("#r \"nuget:Foo,1.0.0\"", "Foo", "1.0.0")]
    [InlineData("  #r \"nuget: Foo.Bar, 2.0.0-beta\"  ", "Foo.Bar", "2.0.0-beta")]
    public void Package_references_are_read_with_or_without_a_version(string line, string name, string? version) =>
        Assert.Equal([new PackageRequest(name, version)], CellDirectives.Parse(line).Packages);

    [Fact]
    public void A_cell_whose_metadata_names_another_kernel_is_skipped()
    {
        var document = NotebookDocument.Parse("x.ipynb", """
            {"cells":[{"cell_type":"code","metadata":{"polyglot_notebook":{"kernelName":"javascript"}},"source":"console.log(1)","outputs":[],"execution_count":null}],
             "metadata":{},"nbformat":4,"nbformat_minor":2}
            """);
        Assert.Equal("javascript", document.Cells[0].KernelName);
    }
}
