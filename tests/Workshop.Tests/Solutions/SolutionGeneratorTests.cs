using System.Text.Json.Nodes;
using SolutionWriter;
using static Workshop.Tests.Solutions.LessonBuilder;

namespace Workshop.Tests.Solutions;

/// <summary>The rules tools/SolutionWriter applies to turn a lesson into its solution, on small lessons built in memory.</summary>
public class SolutionGeneratorTests
{
    [Fact]
    public void A_stub_is_replaced_by_all_its_solution_cells_in_order()
    {
        var stub = Marked(Code("// TODO: make it fast\nSlow();"), new JsonObject
        {
            ["solution"] = new JsonArray(
                SolutionCell("code", "Fast();"),
                SolutionCell("markdown", "Why it is fast."),
                SolutionCell("code", "#!python\nfast()", KernelMetadata("python"))),
        });
        var cells = SolutionCells(Title(), stub, Code("Check();"));

        Assert.Equal(["# 01 · A lesson (solutions)", "Fast();", "Why it is fast.", "#!python", "Check();"],
            cells.Select(c => SourceLines(c)[0].TrimEnd('\n')));
        // A code cell takes the stub's kernel unless it names its own, and is stored cleared; markdown has no metadata.
        Assert.True(JsonNode.DeepEquals(KernelMetadata("csharp"), cells[1]!["metadata"]));
        Assert.Null(cells[1]!["execution_count"]);
        Assert.Empty(cells[1]!["outputs"]!.AsArray());
        Assert.True(JsonNode.DeepEquals(new JsonObject(), cells[2]!["metadata"]));
        Assert.False(cells[2]!.AsObject().ContainsKey("outputs"));
        Assert.True(JsonNode.DeepEquals(KernelMetadata("python"), cells[3]!["metadata"]));
        Assert.Equal(["Fast();"], SourceLines(cells[1]));
    }

    [Fact]
    public void Solution_after_cells_follow_their_cell_which_stays()
    {
        var check = Marked(Code("Check();"), new JsonObject { ["solution_after"] = new JsonArray(SolutionCell("code", "CheckTheWrongWay();")) });
        var cells = SolutionCells(Title(), check, Markdown("## Summary"));

        Assert.Equal(["Check();", "CheckTheWrongWay();", "## Summary"], cells.Skip(1).Select(Source));
        Assert.True(JsonNode.DeepEquals(KernelMetadata("csharp"), cells[2]!["metadata"]));
    }

    [Fact]
    public void Lesson_only_cells_are_left_out()
    {
        var stuck = Marked(Markdown("Stuck? The [solutions](solutions/01-lesson.ipynb) have it."), new JsonObject { ["lesson_only"] = true });
        var cells = SolutionCells(Title(), Code("Work();"), stuck, Markdown("## Summary"));

        Assert.Equal(["Work();", "## Summary"], cells.Skip(1).Select(Source));
    }

    [Fact]
    public void Relative_links_and_images_point_one_folder_up_and_urls_anchors_and_code_do_not()
    {
        var prose = Markdown(string.Join("\n",
            "[next](02-next.ipynb) and [the solution](solutions/01-lesson.ipynb#exercise-1)",
            "![a chart](images/chart.png) <img src=\"images/a.png\"> <a href='docs/x.md'>x</a>",
            "[web](https://example.com/a.ipynb) [mail](mailto:someone@example.com) [here](#a-heading) [root](/abs.md)",
            "`[in code](x.ipynb)` but [after code](y.ipynb)",
            "[ref]: docs/guide.md",
            "```",
            "[in a fence](z.ipynb)",
            "```",
            "[after the fence](w.ipynb)"));
        var cells = SolutionCells(Title(), prose);

        Assert.Equal([
            "[next](../02-next.ipynb) and [the solution](../solutions/01-lesson.ipynb#exercise-1)\n",
            "![a chart](../images/chart.png) <img src=\"../images/a.png\"> <a href='../docs/x.md'>x</a>\n",
            "[web](https://example.com/a.ipynb) [mail](mailto:someone@example.com) [here](#a-heading) [root](/abs.md)\n",
            "`[in code](x.ipynb)` but [after code](../y.ipynb)\n",
            "[ref]: ../docs/guide.md\n",
            "```\n",
            "[in a fence](z.ipynb)\n",
            "```\n",
            "[after the fence](../w.ipynb)",
        ], SourceLines(cells[1]));
        Assert.Contains("[← previous](../00-start-here.ipynb) · [contents](../00-start-here.ipynb) · [next →](../02-next.ipynb)", Source(cells[0]));
    }

    [Fact]
    public void Paths_leaving_the_notebook_folder_get_one_more_level_in_every_code_cell()
    {
        var load = Code(string.Join("\n",
            "#r \"../helpers/bin/ConcurrencyLab.dll\"",
            "#r \"../helpers/bin/ConcurrencyLab.Notebook.dll\"",
            "var dll = System.IO.Path.GetFullPath(\"../helpers/bin/ConcurrencyLab.dll\"); // see ../helpers/README.md",
            "var inside = \"a/../b\"; var twoUp = \"../../x\"; var here = \"data/x.csv\";"));
        var python = Code("#!python\nimport sys\nsys.path.insert(0, '../helpers/python')", "python");
        var stub = Marked(Code("// TODO"), new JsonObject { ["solution"] = new JsonArray(SolutionCell("code", "File.ReadAllText(\"../helpers/data.txt\")")) });
        var cells = SolutionCells(Title(), load, python, stub);

        Assert.Equal([
            "#r \"../../helpers/bin/ConcurrencyLab.dll\"\n",
            "#r \"../../helpers/bin/ConcurrencyLab.Notebook.dll\"\n",
            "var dll = System.IO.Path.GetFullPath(\"../../helpers/bin/ConcurrencyLab.dll\"); // see ../../helpers/README.md\n",
            "var inside = \"a/../b\"; var twoUp = \"../../../x\"; var here = \"data/x.csv\";",
        ], SourceLines(cells[1]));
        Assert.Equal("#!python\nimport sys\nsys.path.insert(0, '../../helpers/python')", Source(cells[2]));
        Assert.Equal("File.ReadAllText(\"../../helpers/data.txt\")", Source(cells[3]));
    }

    [Fact]
    public void The_metadata_key_is_removed_and_all_other_metadata_kept()
    {
        var tagged = Marked(Code("Work();"), new JsonObject { ["solution"] = new JsonArray(SolutionCell("code", "Done();")) });
        tagged["metadata"]!["tags"] = new JsonArray("raises-exception");
        var check = Marked(Code("Check();"), new JsonObject { ["solution_after"] = new JsonArray(SolutionCell("markdown", "Note.")) });
        var lesson = Notebook(Title(), tagged, check);
        var solution = SolutionGenerator.Generate(lesson, FileName);
        var root = JsonNode.Parse(solution)!;

        Assert.DoesNotContain(SolutionMetadata.Key, solution);
        var expectedMetadata = KernelMetadata();
        expectedMetadata["tags"] = new JsonArray("raises-exception");
        Assert.True(JsonNode.DeepEquals(expectedMetadata, root["cells"]![1]!["metadata"]), root["cells"]![1]!["metadata"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(KernelMetadata(), root["cells"]![2]!["metadata"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(lesson)!["metadata"], root["metadata"]));
        Assert.Equal(4, (int)root["nbformat"]!);
        Assert.Equal(2, (int)root["nbformat_minor"]!);
    }

    [Fact]
    public void Every_solution_title_gets_the_same_suffix_and_notice()
    {
        var cells = SolutionCells(Title("# 01 · A lesson"), Code("Work();"));

        Assert.Equal([
            "# 01 · A lesson (solutions)\n",
            "\n",
            SolutionTitle.Notice("01-lesson.ipynb") + "\n",
            "\n",
            "*What it teaches.*\n",
        ], SourceLines(cells[0]).Take(5));
        Assert.Contains("[the lesson](../01-lesson.ipynb)", SolutionTitle.Notice("01-lesson.ipynb"));
    }

    [Fact]
    public void The_output_is_byte_stable_in_nbformats_style()
    {
        var stub = Marked(Code("// TODO · é"), new JsonObject { ["solution"] = new JsonArray(SolutionCell("code", "Done(\"·\");")) });
        var lesson = Notebook(Title(), stub);
        var first = SolutionGenerator.Generate(lesson, FileName);

        Assert.Equal(first, SolutionGenerator.Generate(lesson, FileName));
        Assert.Equal(first, NbformatJsonWriter.Write(JsonNode.Parse(first)));
        Assert.EndsWith("}\n", first);
        Assert.Contains("\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n   \"metadata\": {},\n   \"source\": [\n    \"# 01 · A lesson (solutions)\\n\",", first);
        Assert.Contains("\"Done(\\\"·\\\");\"", first);
    }

    [Fact]
    public void In_a_notebook_with_cell_ids_every_created_cell_gets_its_own()
    {
        var title = Title();
        title["id"] = "title";
        var stub = Marked(Code("// TODO"), new JsonObject
        {
            ["solution"] = new JsonArray(SolutionCell("code", "Done();"), SolutionCell("markdown", "Why.")),
            ["solution_after"] = new JsonArray(SolutionCell("code", "More();")),
        });
        stub["id"] = "exercise-1";
        var lesson = JsonNode.Parse(Notebook(title, stub))!;
        lesson["nbformat_minor"] = 5;

        var cells = JsonNode.Parse(SolutionGenerator.Generate(lesson.ToJsonString(), FileName))!["cells"]!.AsArray();

        Assert.Equal(["title", "exercise-1-sol-1", "exercise-1-sol-2", "exercise-1-sol-3"], cells.Select(c => (string)c!["id"]!));
    }
}
