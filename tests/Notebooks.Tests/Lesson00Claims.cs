namespace Notebooks.Tests;

/// <summary>What lesson 00 says, checked on the values its cells computed.</summary>
public class Lesson00Claims
{
    private static NotebookRun Lesson => NotebookRuns.Get("00-start-here.ipynb");
    private static NotebookRun Solution => NotebookRuns.Get("solutions/00-start-here.ipynb");

    [Fact]
    public void The_first_chart_shows_all_three_kinds_of_span()
    {
        // Deterministic: the cell records one Cpu, one Blocked and one Waiting span.
        Assert.Equal(3, Lesson.Var<int>("kindsInFirstChart"));
    }

    [Fact]
    public void The_exercise_check_says_not_yet_as_committed_and_done_when_solved()
    {
        Assert.False(Lesson.Var<bool>("exercise01Passed"), Lesson.Describe());
        Assert.True(Solution.Var<bool>("exercise01Passed"), Solution.Describe());
    }
}
