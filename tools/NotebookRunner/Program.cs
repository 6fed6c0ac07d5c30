using System.Runtime.InteropServices;
using NotebookRunner.Kernel;

// Ctrl+C, a closed terminal or a CI job's SIGTERM: end the kernels (and what they started) before exiting, so no
// kernel outlives the runner. Exit codes follow the shell's 128 + signal number.
using var interrupt = StopKernelsOn(PosixSignal.SIGINT, 130);
using var terminate = StopKernelsOn(PosixSignal.SIGTERM, 143);
using var hangUp = OperatingSystem.IsWindows() ? null : StopKernelsOn(PosixSignal.SIGHUP, 129);

var code = await NotebookRunner.Cli.CommandLine.RunAsync(args, Console.Out, Console.Error);
// Exit explicitly: a timed-out cell may still be spinning on a background thread.
Console.Out.Flush();
Environment.Exit(code);

static PosixSignalRegistration StopKernelsOn(PosixSignal signal, int exitCode) =>
    PosixSignalRegistration.Create(signal, context =>
    {
        context.Cancel = true; // exit below, once the kernels are gone
        Console.Error.WriteLine($"{context.Signal}: stopping the kernels and exiting (a notebook not finished gets no report).");
        KernelProcess.KillAll();
        Environment.Exit(exitCode);
    });
