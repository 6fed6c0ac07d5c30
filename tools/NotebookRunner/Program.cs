using NotebookRunner.Cli;
using NotebookRunner.Execution;

// One session for the whole run: it owns every kernel the run starts and stops them all when it ends, or first thing
// when Ctrl+C, a closed terminal or a CI job's SIGTERM interrupts it, so no kernel outlives the runner.
await using (var session = new RunSession(Console.Error))
{
    var code = await CommandLine.RunAsync(args, Console.Out, Console.Error, session);
    // Interrupted: the run ended because its kernels were killed; the signal's default action ends the process
    // (exit code 128 + signal number).
    if (session.Interrupted) Thread.Sleep(Timeout.Infinite);
    return code;
}
