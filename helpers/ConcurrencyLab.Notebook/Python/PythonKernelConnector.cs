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

        var deadline = new ConnectDeadline(options.OverallLimit);
        IKernelSpecSource specs;
        IReadOnlyDictionary<string, JupyterKernelSpec> found;
        try
        {
            specs = options.Specs ?? KernelJupyterModule.Create();
            found = await specs.ListAsync().WaitAsync(deadline.Remaining).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return AddStandIn(root, context, name, $"listing the Jupyter kernel specs did not finish within the connect's limit of {ConnectDeadline.Seconds(deadline.Limit)}");
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException or MissingMethodException)
        {
            // A kernel without the Jupyter module, or with one whose spec lookup is not the one compiled against.
            return AddStandIn(root, context, name, $"this kernel's Jupyter module (Microsoft.DotNet.Interactive.Jupyter, which #!connect jupyter needs) could not be used ({FirstLine(e.Message)})");
        }
        if (!found.TryGetValue(options.KernelSpec, out var spec))
            return AddStandIn(root, context, name, $"no Jupyter kernel spec named '{options.KernelSpec}' was found");
        var (problem, version) = await PythonKernelCheck.CheckAsync(spec, deadline.Cap(PythonKernelCheck.Timeout)).ConfigureAwait(false);
        if (problem is not null)
            return AddStandIn(root, context, name, problem);

        // Exactly what a cell with this line does; if Python then fails to start, the stand-in takes its place.
        var (connectError, note) = await ConnectWithRetriesAsync(root, context, options, spec, specs.RuntimeDirectory, deadline).ConfigureAwait(false);
        if (connectError is not null)
            return AddStandIn(root, context, name, connectError);

        var importable = "";
        if (options.HelpersPythonDirectory is { } helpers)
        {
            var literal = JsonSerializer.Serialize(helpers); // a JSON string is a valid Python string literal
            var (addPath, unanswered) = await SendToPythonAsync(root,
                $"import sys\nif {literal} not in sys.path:\n    sys.path.insert(0, {literal})\n" +
                // See reply_hold.py: without it a fast Python reply can be lost and its cell hang forever. It prints
                // one line only where it cannot hold (an ipykernel it was not written for); ending on a statement
                // (del), not an expression, keeps IPython from showing a result in the connecting cell.
                "from concurrency_lab.reply_hold import hold_replies_or_explain as _lab_hold\n" +
                "_lab_hold_note = _lab_hold()\nif _lab_hold_note:\n    print(_lab_hold_note)\ndel _lab_hold, _lab_hold_note",
                name, options, deadline).ConfigureAwait(false);
            importable = addPath is null
                ? $"; adding helpers/python to sys.path failed ({Unanswered(unanswered, deadline)})"
                : Failure(addPath) is { } pathError
                    ? $"; adding helpers/python to sys.path failed ({FirstLine(pathError)})"
                    : Printed(addPath) is { Length: > 0 } holdNote
                        ? $"; import concurrency_lab works there (helpers/python is on sys.path), but Python said: {holdNote}"
                        : "; import concurrency_lab works there (helpers/python is on sys.path), and each cell waits 50 ms " +
                          "before it runs so its reply cannot outrun .NET Interactive's subscription to it (see reply_hold.py)";
            if (addPath is not null && unanswered.Count > 0)
                note += $" (Adding helpers/python to sys.path: {Unanswered(unanswered, deadline)}, so it was sent again.)";
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
    /// can join first (each retries every 100-200 ms until Python has bound its ports), and then the connect waits
    /// forever. kernel_launch.py makes Python wait for that subscription before it serves anything. A connect that
    /// still does not answer within its limit is abandoned and tried again with a new Python (its sockets new too),
    /// while the connect's overall limit allows. Returns the error (null when connected) and a note for the status
    /// line: how Python was started and, after a retry, that there was one.
    /// </summary>
    private static async Task<(string? Error, string Note)> ConnectWithRetriesAsync(
        CompositeKernel root, KernelInvocationContext context, PythonKernelOptions options, JupyterKernelSpec spec,
        string runtimeDirectory, ConnectDeadline deadline)
    {
        var line = $"#!connect jupyter --kernel-name {options.KernelName} --kernel-spec {options.KernelSpec}";
        using var subscribed = SubscribedKernelSpec.TryInstall(spec, options.HelpersPythonDirectory);
        var launched = subscribed is null ? "" : " (Started through kernel_launch.py: Python answers nothing before this connection listens to its output.)";
        var abandoned = new List<TimeSpan>();
        for (var attempt = 1; attempt <= options.Attempts && !deadline.HasPassed; attempt++)
        {
            var limit = deadline.Cap(options.ConnectAttemptTimeout);
            var reservation = ThreadReservation.ForConnection();
            var started = AbandonedPython.Before(runtimeDirectory);
            var outcome = await ConnectFailureGuard.SendAsync(root, new SubmitCode(line, context.HandlingKernel.Name), limit).ConfigureAwait(false);
            if (root.ChildKernels.TryGetByAlias(options.KernelName, out var python))
            {
                python.RegisterForDisposal(reservation); // disposing the kernel closes its sockets, which ends the loops
                return (null, launched + (abandoned.Count == 0 ? "" : $" (Connected at attempt {attempt}: {Abandoned(abandoned, deadline)}.)"));
            }
            // No connection lives on: the raise is given back now, whatever the attempt's own loops still hold. Its
            // Python is stopped so it never answers late, and its connection file deleted.
            reservation.Dispose();
            started.Stop();
            if (!outcome.IsTimedOut)
                return ($"#!connect jupyter --kernel-spec {options.KernelSpec} failed ({FirstLine(outcome.Error?.Message ?? "no kernel was added")})", "");
            abandoned.Add(limit);
        }
        return ($"{Abandoned(abandoned, deadline)} (restart the kernel to try again)", "");
    }

    /// <summary>
    /// Sends code that is safe to run twice to the connected Python, trying again when it does not answer. The kernel
    /// subscribes to a reply only after sending the request (the Jupyter kernel's <c>SubmitCode</c> handler), so a reply
    /// that Python sends while the sending thread is held up by a busy machine is never seen, and the command would
    /// wait forever. Returns the result (null when no try answered) and the limits of the tries that did not answer.
    /// </summary>
    private static async Task<(KernelCommandResult? Result, IReadOnlyList<TimeSpan> Unanswered)> SendToPythonAsync(
        CompositeKernel root, string idempotentCode, string kernelName, PythonKernelOptions options, ConnectDeadline deadline)
    {
        var unanswered = new List<TimeSpan>();
        for (var attempt = 1; attempt <= options.Attempts && !deadline.HasPassed; attempt++)
        {
            var tryLimit = deadline.Cap(options.ConnectAttemptTimeout);
            using var limit = new CancellationTokenSource(tryLimit);
            try
            {
                return (await root.SendAsync(new SubmitCode(idempotentCode, kernelName), limit.Token).ConfigureAwait(false), unanswered);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                unanswered.Add(tryLimit);
            }
        }
        return (null, unanswered);
    }

    private static string Unanswered(IReadOnlyList<TimeSpan> limits, ConnectDeadline deadline) =>
        limits.Count == 0
            ? $"not sent: the connect's limit of {ConnectDeadline.Seconds(deadline.Limit)} had passed"
            : $"{(limits.Count == 1 ? "1 try" : $"{limits.Count} tries")} did not answer {ConnectDeadline.Within(limits)}{LimitReached(deadline)}";

    private static string Abandoned(IReadOnlyList<TimeSpan> limits, ConnectDeadline deadline) =>
        limits.Count == 0
            ? $"no #!connect jupyter was sent: the connect's limit of {ConnectDeadline.Seconds(deadline.Limit)} had passed"
            : $"{(limits.Count == 1 ? "1 #!connect jupyter" : $"{limits.Count} #!connect jupyter lines")} did not answer {ConnectDeadline.Within(limits)} and {(limits.Count == 1 ? "was" : "were")} abandoned{LimitReached(deadline)}";

    private static string LimitReached(ConnectDeadline deadline) =>
        deadline.HasPassed ? $" (the connect's limit of {ConnectDeadline.Seconds(deadline.Limit)} was reached)" : "";

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

    /// <summary>What Python printed (its stdout), trimmed.</summary>
    private static string Printed(KernelCommandResult result) =>
        string.Concat(result.Events.OfType<StandardOutputValueProduced>().SelectMany(e => e.FormattedValues).Select(v => v.Value)).Trim();

    private static string? Failure(KernelCommandResult result) =>
        result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed ? failed.Message ?? failed.Exception?.Message ?? "failed" : null;

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
