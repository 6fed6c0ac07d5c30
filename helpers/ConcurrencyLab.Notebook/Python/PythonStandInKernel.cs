using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace ConcurrencyLab;

/// <summary>
/// Takes the Python kernel's place where no Python with ipykernel is found: every Python cell answers with one
/// line saying what to install (and succeeds, so Run All completes); a value asked for with
/// <c>#!set --value @python:x</c> comes back as <see cref="PythonKernel.MissingValue"/>, so C# cells can tell.
/// </summary>
internal sealed class PythonStandInKernel :
    Kernel,
    IKernelCommandHandler<SubmitCode>,
    IKernelCommandHandler<RequestValue>,
    IKernelCommandHandler<RequestValueInfos>,
    IKernelCommandHandler<SendValue>
{
    public PythonStandInKernel(string name, string note) : base(name)
    {
        Note = note;
        KernelInfo.LanguageName = "Python";
        KernelInfo.DisplayName = $"{name} - not available (stand-in)";
        KernelInfo.Description = "Stands in for the Python kernel where Python 3 with ipykernel is missing: each cell shows what to install.";
        this.UseValueSharing(); // #!set in a Python cell, as the real kernel accepts it
    }

    /// <summary>The line every Python cell shows.</summary>
    public string Note { get; }

    Task IKernelCommandHandler<SubmitCode>.HandleAsync(SubmitCode command, KernelInvocationContext context)
    {
        KernelInvocationContextExtensions.Display(context, Note, PlainTextFormatter.MimeType);
        return Task.CompletedTask;
    }

    Task IKernelCommandHandler<RequestValue>.HandleAsync(RequestValue command, KernelInvocationContext context)
    {
        // A JSON string (or plain text if asked for): the C# kernel declares it as a string, never null (a null
        // value would fail the #!set cell).
        var formatted = command.MimeType is { } mime && mime != JsonFormatter.MimeType
            ? new FormattedValue(mime, PythonKernel.MissingValue)
            : new FormattedValue(JsonFormatter.MimeType, System.Text.Json.JsonSerializer.Serialize(PythonKernel.MissingValue));
        context.Publish(new ValueProduced(null, command.Name, formatted, command));
        return Task.CompletedTask;
    }

    Task IKernelCommandHandler<RequestValueInfos>.HandleAsync(RequestValueInfos command, KernelInvocationContext context)
    {
        context.Publish(new ValueInfosProduced([], command));
        return Task.CompletedTask;
    }

    Task IKernelCommandHandler<SendValue>.HandleAsync(SendValue command, KernelInvocationContext context) =>
        Task.CompletedTask; // a value shared into Python has nowhere to go; the cell that uses it shows the note
}
