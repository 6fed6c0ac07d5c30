using System.Text.Json.Nodes;
using SolutionWriter;
using static Workshop.Tests.Solutions.LessonBuilder;

namespace Workshop.Tests.Solutions;

/// <summary>A lesson the generator cannot read fails with one line naming the file, the cell and what is wrong.</summary>
public class BadLessonTests
{
    public static TheoryData<string, string, string> BadMarks() => new()
    {
        { "not an object", "\"answer\"", "\"concurrency_lab\" must be an object" },
        { "empty", "{}", "\"concurrency_lab\" must be an object" },
        { "unknown key", """{"solutions": [{"cell_type": "code", "source": ["Done();"]}]}""", "unknown key \"solutions\"" },
        { "empty solution", """{"solution": []}""", "\"concurrency_lab.solution\" must be a non-empty list of cells" },
        { "solution not a list", """{"solution": "Done();"}""", "\"concurrency_lab.solution\" must be a non-empty list of cells" },
        { "solution_after not a list", """{"solution_after": {"cell_type": "code"}}""", "\"concurrency_lab.solution_after\" must be a non-empty list of cells" },
        { "item not a cell", """{"solution": ["Done();"]}""", "item 1 must be a cell" },
        { "raw cell", """{"solution": [{"cell_type": "raw", "source": ["x"]}]}""", "\"cell_type\" of \"code\" or \"markdown\"" },
        { "source as one string", """{"solution": [{"cell_type": "code", "source": "Done();"}]}""", "\"source\" that is a list of lines" },
        { "two lines in one", """{"solution": [{"cell_type": "code", "source": ["a\nb"]}]}""", "not one line" },
        { "line without its newline", """{"solution": [{"cell_type": "code", "source": ["a", "b"]}]}""", "not one line" },
        { "unknown cell key", """{"solution": [{"cell_type": "code", "source": ["a"], "outputs": []}]}""", "unknown key \"outputs\"" },
        { "metadata not an object", """{"solution": [{"cell_type": "code", "source": ["a"], "metadata": []}]}""", "\"metadata\" that is not an object" },
        { "nested key", """{"solution": [{"cell_type": "code", "source": ["a"], "metadata": {"concurrency_lab": {"lesson_only": true}}}]}""", "do not nest" },
        { "lesson_only false", """{"lesson_only": false}""", "must be true" },
        { "lesson_only with a solution", """{"lesson_only": true, "solution": [{"cell_type": "code", "source": ["a"]}]}""", "takes no other key" },
    };

    [Theory]
    [MemberData(nameof(BadMarks))]
    public void Bad_metadata_names_the_file_the_cell_and_the_problem(string what, string marks, string expected)
    {
        var lesson = Notebook(Title(), Marked(Code("// TODO: the exercise\nSlow();"), JsonNode.Parse(marks)));

        var e = Assert.Throws<LessonFormatException>(() => SolutionGenerator.Generate(lesson, FileName));

        Assert.StartsWith($"{FileName}: cell 2 (\"// TODO: the exercise\"): ", e.Message);
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{what}: {e.Message}");
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("{ \"cells\": [", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{"cells": [], "metadata": {}, "nbformat": 3}""", "\"nbformat\" must be 4")]
    [InlineData("""{"cells": {}, "metadata": {}, "nbformat": 4}""", "\"cells\" must be a list")]
    [InlineData("""{"cells": [{"source": []}], "metadata": {}, "nbformat": 4}""", "cell 1 has no cell_type")]
    [InlineData("""{"cells": [{"cell_type": "code", "source": [1]}], "metadata": {}, "nbformat": 4}""", "cell 1 has a \"source\" that is neither")]
    [InlineData("""{"cells": [{"cell_type": "code", "source": []}], "metadata": {"concurrency_lab": {}}, "nbformat": 4}""", "belongs in a cell's metadata")]
    [InlineData("""{"cells": [{"cell_type": "code", "metadata": {}, "source": ["x"]}], "metadata": {}, "nbformat": 4}""", "first cell must be markdown with an H1 title")]
    public void A_malformed_notebook_names_the_file_and_the_problem(string text, string expected)
    {
        var e = Assert.Throws<LessonFormatException>(() => SolutionGenerator.Generate(text, FileName));

        Assert.StartsWith($"{FileName}: ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
