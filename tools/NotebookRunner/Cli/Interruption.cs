namespace NotebookRunner.Cli;

/// <summary>
/// Set once the runner is interrupted (Ctrl+C, SIGTERM, SIGHUP): from then on it writes no more files, since the
/// notebook it was running is unfinished, and it leaves the exit to the signal's default action (128 + signal).
/// </summary>
internal static class Interruption
{
    private static volatile bool s_requested;

    public static bool Requested => s_requested;

    public static void Request() => s_requested = true;
}
