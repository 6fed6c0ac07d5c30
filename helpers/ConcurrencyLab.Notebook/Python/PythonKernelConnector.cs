using System.Text.Json;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace ConcurrencyLab;

/// <summary>
/// The part of <see cref="PythonKernel"/> that talks to the running .NET Interactive kernel. Kept apart so that the
/// helpers load and run where that kernel's assemblies are absent (nothing here is compiled until it is called).
/// </summary>
internal static class PythonKernelConnector
{
    private const string KeptAgain = " (This cell ran before: that connection is kept.)";

    public static async Task<PythonKernelStatus> ConnectOrStandInAsync(PythonKernelOptions options)
    {
        var name = options.KernelName;
        var context = KernelInvocationContext.Current;
        if (context?.HandlingKernel?.RootKernel is not CompositeKernel root)
            return new PythonKernelStatus(false, false, name,
                "No Python kernel: PythonKernel.ConnectAsync() must run in a notebook cell (of .NET Interactive / Polyglot Notebooks).");

        if (root.ChildKernels.TryGetByAlias(name, out var existing))
        {
            // Running the cell again: keep what is there, and say again what it is (the cell's earlier output is gone).
            var again = existing is PythonStandInKernel standIn
                ? StandInStatus(name, standIn.Note)
                : new PythonKernelStatus(true, false, name,
                    PythonKernel.Status is { IsConnected: true, KernelName: var connected } first && connected == name
                        ? (first.Message.EndsWith(KeptAgain, StringComparison.Ordinal) ? first.Message : first.Message + KeptAgain)
                        : $"Python kernel '{name}' is already connected.");
            KernelInvocationContextExtensions.Display(context, again.Message, "text/plain");
            return again;
        }

        var specs = await new JupyterKernelSpecs(options.Lookup).ListAsync().ConfigureAwait(false);
        if (!specs.TryGetValue(options.KernelSpec, out var spec))
            return AddStandIn(root, context, name, $"no Jupyter kernel spec named '{options.KernelSpec}' was found");
        var (problem, version) = await PythonKernelCheck.CheckAsync(spec, options.Lookup).ConfigureAwait(false);
        if (problem is not null)
            return AddStandIn(root, context, name, problem);

        // Exactly what a cell with this line does; if Python then fails to start, the stand-in takes its place.
        var (connectError, note) = await ConnectWithRetriesAsync(root, context, options, spec).ConfigureAwait(false);
        if (connectError is not null)
            return AddStandIn(root, context, name, connectError);

        var importable = "";
        if (options.HelpersPythonDirectory is { } helpers)
        {
            var literal = JsonSerializer.Serialize(helpers); // a JSON string is a valid Python string literal
            var (addPath, unanswered) = await SendToPythonAsync(root,
                $"import sys\nif {literal} not in sys.path:\n    sys.path.insert(0, {literal})\n" +
                // See reply_hold.py: without it a fast Python reply can be lost and its cell hang forever. Ending on a
                // statement (del), not an expression, keeps IPython from showing a result in the connecting cell.
                "from concurrency_lab.reply_hold import hold_replies\nhold_replies()\ndel hold_replies", name, options).ConfigureAwait(false);
            importable = addPath is null
                ? $"; adding helpers/python to sys.path failed ({Unanswered(unanswered, options.ConnectAttemptTimeout)})"
                : Failure(addPath) is { } pathError
                    ? $"; adding helpers/python to sys.path failed ({FirstLine(pathError)})"
                    : "; import concurrency_lab works there (helpers/python is on sys.path), and each cell waits 50 ms " +
                      "before it runs so its reply cannot outrun .NET Interactive's subscription to it (see reply_hold.py)";
            if (addPath is not null && unanswered > 0)
                note += $" (Adding helpers/python to sys.path: {Unanswered(unanswered, options.ConnectAttemptTimeout)}, so it was sent again.)";
        }
        var python = version is null ? "Python" : $"Python {version}";
        var status = new PythonKernelStatus(true, false, name,
            $"{python} connected as kernel '{name}' (Jupyter kernel spec '{options.KernelSpec}': {spec.Argv[0]}): cells starting with #!{name} run in it{importable}.{note}");
        KernelInvocationContextExtensions.Display(context, status.Message, "text/plain");
        return status;
    }

    /// <summary>
    /// Sends the <c>#!connect jupyter</c> line with the learner's spec started through kernel_launch.py where it can
    /// be (<see cref="SubscribedKernelSpec"/>). A connect waits for Python's "idle" on iopub after its first request,
    /// and Python's PUB socket drops what it publishes before the connection's SUB socket has joined; the shell socket
    /// can join first (each retries every 100-200 ms until Python has bound its ports), and then the connect waited
    /// forever: traced in 4 connects of 44 on a loaded 2-core machine. kernel_launch.py makes Python wait for that
    /// subscription before it serves anything. A connect that still does not answer within the time limit is
    /// abandoned and tried again with a new Python (its sockets new too). Returns the error (null when connected) and
    /// a note for the status line: how Python was started and, after a retry, that there was one.
    /// </summary>
    private static async Task<(string? Error, string Note)> ConnectWithRetriesAsync(
        CompositeKernel root, KernelInvocationContext context, PythonKernelOptions options, JupyterKernelSpec spec)
    {
        var line = $"#!connect jupyter --kernel-name {options.KernelName} --kernel-spec {options.KernelSpec}";
        var limit = options.ConnectAttemptTimeout;
        var guard = ConnectFailureGuard.For(root);
        using var subscribed = SubscribedKernelSpec.TryInstall(spec, options.HelpersPythonDirectory);
        var launched = subscribed is null ? "" : " (Started through kernel_launch.py: Python answers nothing before this connection listens to its output.)";
        var abandoned = 0;
        for (var attempt = 1; attempt <= options.Attempts; attempt++)
        {
            var releaseThreads = ReserveThreadsForTheConnection();
            var childrenBefore = ChildProcesses.Current();
            var outcome = await guard.SendAsync(root, new SubmitCode(line, context.HandlingKernel.Name), limit).ConfigureAwait(false);
            if (root.ChildKernels.TryGetByAlias(options.KernelName, out var python))
            {
                python.RegisterForDisposal(releaseThreads); // disposing the kernel closes its sockets, which ends the loops
                return (null, launched + (abandoned == 0 ? "" : $" (Connected at attempt {attempt}: {Abandoned(abandoned, limit)}.)"));
            }
            if (!outcome.IsTimedOut)
                return ($"#!connect jupyter --kernel-spec {options.KernelSpec} failed ({FirstLine(outcome.Error?.Message ?? "no kernel was added")})", "");
            // The abandoned connect keeps waiting in the background; stop its Python so it never answers late, and
            // delete the connection file it was started with (a stopped kernel leaves it in Jupyter's runtime folder).
            foreach (var (_, commandLine) in ChildProcesses.StopStartedSince(childrenBefore, Path.GetFileName(spec.Argv[0])))
                DeleteConnectionFile(commandLine);
            abandoned++;
        }
        return ($"{Abandoned(abandoned, limit)} (restart the kernel to try again)", "");
    }

    /// <summary>
    /// Sends code that is safe to run twice to the connected Python, trying again when it does not answer. The kernel
    /// subscribes to a reply only after sending the request (the Jupyter kernel's <c>SubmitCode</c> handler), so a reply
    /// that Python sends while the sending thread is held up by a busy machine is never seen, and the command would
    /// wait forever. Seen once as a connecting cell held for the runner's 120 s. Returns the result (null when no
    /// try answered) and how many tries did not answer.
    /// </summary>
    private static async Task<(KernelCommandResult? Result, int Unanswered)> SendToPythonAsync(
        CompositeKernel root, string idempotentCode, string kernelName, PythonKernelOptions options)
    {
        var unanswered = 0;
        for (var attempt = 1; attempt <= options.Attempts; attempt++)
        {
            using var limit = new CancellationTokenSource(options.ConnectAttemptTimeout);
            try
            {
                return (await root.SendAsync(new SubmitCode(idempotentCode, kernelName), limit.Token).ConfigureAwait(false), unanswered);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                unanswered++;
            }
        }
        return (null, unanswered);
    }

    private static string Unanswered(int count, TimeSpan limit) =>
        $"{(count == 1 ? "1 try" : $"{count} tries")} did not answer within {limit.TotalSeconds:0.#} s";

    /// <summary>Deletes the file a kernel's command line names after -f when it is a Jupyter connection file (kernel-*.json).</summary>
    internal static bool DeleteConnectionFile(string commandLine)
    {
        var words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.IndexOf(words, "-f");
        if (at < 0 || at + 1 >= words.Length) return false;
        var file = words[at + 1].Trim('"');
        if (!Path.GetFileName(file).StartsWith("kernel-", StringComparison.Ordinal) || !file.EndsWith(".json", StringComparison.Ordinal))
            return false;
        try
        {
            if (!File.Exists(file)) return false;
            File.Delete(file);
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static string Abandoned(int count, TimeSpan limit) =>
        $"{(count == 1 ? "1 #!connect jupyter" : $"{count} #!connect jupyter lines")} did not answer within {limit.TotalSeconds:0.#} s and {(count == 1 ? "was" : "were")} abandoned";

    /// <summary>Sockets a #!connect jupyter connection receives on (shell, iopub, stdin, control).</summary>
    private const int ListeningSockets = 4;

    /// <summary>
    /// The connection receives on each of its sockets in a loop that holds a thread-pool thread for the Python
    /// kernel's lifetime (a blocking receive inside Task.Run). Past the pool's minimum (one thread per core), the
    /// pool adds threads only by its starvation rule: one about every half second, and none while the CPU is busy.
    /// So on 2 cores the connect itself, and every continuation after it, waited for those threads: 4-6 s on an idle
    /// machine, minutes or a hang on a loaded one. Raising the minimum by one thread per socket gives the loops their
    /// own threads at once, as if the connection had started dedicated threads. Returns what gives them back, called
    /// when the connected kernel is disposed; a connect that was abandoned or failed keeps its reservation, since
    /// its loops may still hold their threads.
    /// </summary>
    private static Action ReserveThreadsForTheConnection()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(workers + ListeningSockets, completionPorts);
        return () =>
        {
            ThreadPool.GetMinThreads(out var reserved, out var ports);
            ThreadPool.SetMinThreads(Math.Max(1, reserved - ListeningSockets), ports);
        };
    }

    private static PythonKernelStatus AddStandIn(CompositeKernel root, KernelInvocationContext context, string name, string reason)
    {
        var note = PythonKernel.StandInNote(reason);
        root.Add(new PythonStandInKernel(name, note));
        var status = StandInStatus(name, note);
        KernelInvocationContextExtensions.Display(context, status.Message, "text/plain");
        return status;
    }

    private static PythonKernelStatus StandInStatus(string name, string note) =>
        new(false, true, name, $"No Python kernel, so each #!{name} cell will show: {note}");

    private static string? Failure(KernelCommandResult result) =>
        result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed ? failed.Message ?? failed.Exception?.Message ?? "failed" : null;

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
