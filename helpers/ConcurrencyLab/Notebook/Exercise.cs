namespace ConcurrencyLab;

/// <summary>
/// Feedback for the exercise cells at the end of each lesson. A check prints one line, "✅ done" or
/// "⏳ not yet" with what is missing, and never throws: Run All stays green while an exercise is unsolved.
/// </summary>
public static class Exercise
{
    /// <summary>Prints whether <paramref name="passed"/>; returns it so tests can assert the check too.</summary>
    public static bool Check(string exercise, bool passed, string whatIsMissing)
    {
        Console.WriteLine(passed
            ? $"✅ {exercise}: done."
            : $"⏳ {exercise}: not yet. {whatIsMissing}");
        return passed;
    }

    /// <summary>
    /// Evaluates <paramref name="condition"/> and prints the verdict. An exception inside the condition
    /// (a variable still null, a TODO that throws) is reported as "not yet", never rethrown.
    /// </summary>
    public static bool Check(string exercise, Func<bool> condition, Func<string> whatIsMissing)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(whatIsMissing);
        try
        {
            return Check(exercise, condition(), Describe(whatIsMissing));
        }
        catch (Exception e)
        {
            return Check(exercise, false, $"Checking it threw {e.GetType().Name}: {e.Message}");
        }
    }

    private static string Describe(Func<string> whatIsMissing)
    {
        try { return whatIsMissing(); }
        catch (Exception e) { return $"(could not describe: {e.Message})"; }
    }
}
