using System.Text.Json.Nodes;
using ConcurrencyLab.Tools;
using SolutionWriter;
using static Workshop.Tests.Solutions.LessonBuilder;

namespace Workshop.Tests.Solutions;

/// <summary>The command, run in process on a throw-away repository: what it writes, what --check says, exit codes.</summary>
public sealed class SolutionWriterCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("solution-writer-").FullName;

    public SolutionWriterCommandTests()
    {
        File.WriteAllText(Path.Combine(_root, RepositoryRoot.Marker), "<Solution />\n");
        Directory.CreateDirectory(Path.Combine(_root, "notebooks", "solutions"));
        WriteLesson("01-first.ipynb", Notebook(Title("# 01 · First"),
            Marked(Code("// TODO"), new JsonObject { ["solution"] = new JsonArray(SolutionCell("code", "Done();")) })));
        WriteLesson("02-second.ipynb", Notebook(Title("# 02 · Second"), Code("#r \"../helpers/bin/X.dll\"")));
        // Not a lesson (no NN- prefix): never given a solution.
        WriteLesson("scratch.ipynb", Notebook(Title("# Scratch")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Writes_every_lessons_solution_and_then_check_passes()
    {
        var (exit, output, _) = Run();

        Assert.Equal(SolutionWriterCommand.Success, exit);
        Assert.Contains("wrote notebooks/solutions/01-first.ipynb", output);
        Assert.Equal(["01-first.ipynb", "02-second.ipynb"], Directory.GetFiles(Solutions).Select(Path.GetFileName).Order());
        Assert.Contains("\"Done();\"", Read("solutions/01-first.ipynb"));
        Assert.Contains("../../helpers/bin/X.dll", Read("solutions/02-second.ipynb"));
        Assert.Equal(SolutionWriterCommand.Success, Run("--check").Exit);
    }

    [Fact]
    public void Check_names_a_solution_edited_by_hand_and_writes_nothing()
    {
        Run();
        var edited = Read("solutions/02-second.ipynb").Replace("(solutions)", "(my answers)");
        File.WriteAllText(Path.Combine(Solutions, "02-second.ipynb"), edited);

        var (exit, _, error) = Run("--check");

        Assert.Equal(SolutionWriterCommand.SolutionsDiffer, exit);
        Assert.Contains("notebooks/solutions/02-second.ipynb: differs from what notebooks/02-second.ipynb generates", error);
        Assert.DoesNotContain("01-first", error);
        Assert.Equal(edited, Read("solutions/02-second.ipynb"));
        Assert.Equal(SolutionWriterCommand.Success, Run().Exit);
        Assert.DoesNotContain("(my answers)", Read("solutions/02-second.ipynb"));
    }

    [Fact]
    public void Check_names_a_missing_solution_and_one_without_a_lesson()
    {
        Run();
        File.Delete(Path.Combine(Solutions, "01-first.ipynb"));
        File.WriteAllText(Path.Combine(Solutions, "09-gone.ipynb"), Notebook(Title("# 09 · Gone")));

        var (exit, _, error) = Run("--check");

        Assert.Equal(SolutionWriterCommand.SolutionsDiffer, exit);
        Assert.Contains("notebooks/solutions/01-first.ipynb: differs", error);
        Assert.Contains("notebooks/solutions/09-gone.ipynb: has no lesson", error);
    }

    [Fact]
    public void A_bad_lesson_fails_with_one_line_and_nothing_is_written()
    {
        Run();
        var handEdited = Read("solutions/01-first.ipynb").Replace("Done();", "Mine();");
        File.WriteAllText(Path.Combine(Solutions, "01-first.ipynb"), handEdited);
        WriteLesson("02-second.ipynb", Notebook(Title("# 02 · Second"), Marked(Code("// TODO"), new JsonObject { ["solution"] = new JsonArray() })));

        var (exit, output, error) = Run();

        Assert.Equal(SolutionWriterCommand.BadInput, exit);
        Assert.Equal("notebooks/02-second.ipynb: cell 2 (\"// TODO\"): \"concurrency_lab.solution\" must be a non-empty list of cells.", error.Trim());
        Assert.DoesNotContain("wrote", output);
        Assert.Equal(handEdited, Read("solutions/01-first.ipynb"));
    }

    [Fact]
    public void Lessons_are_never_written_even_when_the_solutions_folder_leads_to_them()
    {
        var lessons = Directory.GetFiles(Path.Combine(_root, "notebooks")).ToDictionary(p => p, File.ReadAllBytes);
        Directory.Delete(Solutions);
        Directory.CreateSymbolicLink(Solutions, Path.Combine(_root, "notebooks"));

        var (exit, _, error) = Run();

        Assert.Equal(SolutionWriterCommand.BadInput, exit);
        Assert.Contains("never over a lesson", error);
        Assert.All(lessons, lesson => Assert.Equal(lesson.Value, File.ReadAllBytes(lesson.Key)));
    }

    [Fact]
    public void An_unknown_argument_is_bad_usage()
    {
        var (exit, _, error) = Run("--chekc");

        Assert.Equal(SolutionWriterCommand.BadInput, exit);
        Assert.Contains("unknown arguments: --chekc", error);
        Assert.Empty(Directory.GetFiles(Solutions));
    }

    private string Solutions => Path.Combine(_root, "notebooks", "solutions");

    private void WriteLesson(string name, string text) => File.WriteAllText(Path.Combine(_root, "notebooks", name), text);

    private string Read(string relative) => File.ReadAllText(Path.Combine(_root, "notebooks", relative));

    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        // From a folder inside the repository, as a contributor would run it.
        var exit = SolutionWriterCommand.Run(args, Path.Combine(_root, "notebooks"), output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
