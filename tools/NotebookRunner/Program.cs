using System.Runtime.InteropServices;
using NotebookRunner.Cli;
using NotebookRunner.Kernel;

// Ctrl+C, a closed terminal or a CI job's SIGTERM: end the kernels (and what they started) first, so no kernel
// outlives the runner, then let the signal's default action end the runner (exit code 128 + signal number).
// The handler must not call Environment.Exit itself: racing the main thread's exit, that can deadlock.
using var interrupt = StopKernelsOn(PosixSignal.SIGINT);
using var terminate = StopKernelsOn(PosixSignal.SIGTERM);
using var hangUp = OperatingSystem.IsWindows() ? null : StopKernelsOn(PosixSignal.SIGHUP);

var code = await CommandLine.RunAsync(args, Console.Out, Console.Error);
Console.Out.Flush();
// Interrupted: the run ended because its kernel was killed; the signal's default action ends the process.
if (Interruption.Requested) Thread.Sleep(Timeout.Infinite);
// Exit explicitly: a timed-out cell may still be spinning on a background thread.
Environment.Exit(code);

static PosixSignalRegistration StopKernelsOn(PosixSignal signal) =>
    PosixSignalRegistration.Create(signal, context =>
    {
        Interruption.Request();
        Console.Error.WriteLine($"{context.Signal}: stopping the kernels and exiting (a notebook not finished gets no report).");
        KernelProcess.KillAll();
    });
