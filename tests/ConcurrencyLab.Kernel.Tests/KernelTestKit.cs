using System.Text.Json;
using ConcurrencyLab;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

namespace ConcurrencyLab.Kernel.Tests;

/// <summary>A folder of its own for one test: kernel specs, fake commands; deleted afterwards.</summary>
internal sealed class Scratch : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("lab-kernel-tests-").FullName;

    public string Dir(params string[] parts)
    {
        var path = Path.Combine([Root, .. parts]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>An executable shell script (the tests that use them run where /bin/sh exists).</summary>
    public string Script(string name, string body)
    {
        var path = Path.Combine(Dir("bin"), name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>A kernel spec NAME under DATADIR/kernels/NAME/kernel.json.</summary>
    public string KernelSpec(string dataDir, string name, params string[] argv)
    {
        var folder = Path.Combine(dataDir, "kernels", name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "kernel.json"),
            JsonSerializer.Serialize(new { argv, display_name = name, language = "python" }));
        return folder;
    }

    /// <summary>Kernel specs as the test lists them, with a runtime folder in this folder.</summary>
    public FakeSpecs Specs(params JupyterKernelSpec[] specs) => new(specs, Dir("jupyter-data", "runtime"));

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* best effort */ }
    }
}

/// <summary>Stands for the kernel's Jupyter module: the specs a test lists, and a runtime folder of its own.</summary>
internal sealed class FakeSpecs(IReadOnlyList<JupyterKernelSpec> specs, string runtimeDirectory, Task? listed = null) : IKernelSpecSource
{
    /// <summary>The same specs, listed only once <paramref name="listed"/> completes (never, for a lookup that hangs).</summary>
    public FakeSpecs ListedWhen(Task listed) => new(specs, runtimeDirectory, listed);

    public async Task<IReadOnlyDictionary<string, JupyterKernelSpec>> ListAsync()
    {
        if (listed is not null) await listed;
        return specs.ToDictionary(s => s.Name);
    }

    public string RuntimeDirectory => runtimeDirectory;
}

/// <summary>A spec lookup that fails as one compiled against another version of the kernel's Jupyter module would.</summary>
internal sealed class MismatchedJupyterModule : IKernelSpecSource
{
    public Task<IReadOnlyDictionary<string, JupyterKernelSpec>> ListAsync() =>
        throw new MissingMethodException("Method not found: 'ListKernelsAsync()'.");

    public string RuntimeDirectory => Path.GetTempPath();
}

/// <summary>A kernel whose cells run a given piece of C#: a notebook cell calling the helpers, in process.</summary>
internal sealed class CellKernel(string name, Func<KernelInvocationContext, Task> cell) : Microsoft.DotNet.Interactive.Kernel(name),
    IKernelCommandHandler<SubmitCode>
{
    Task IKernelCommandHandler<SubmitCode>.HandleAsync(SubmitCode command, KernelInvocationContext context) =>
        command.Code.Trim() == "run" ? cell(context) : Task.CompletedTask;
}

/// <summary>A notebook in process: the real C# kernel (with #!set) and a cell kernel that connects Python.</summary>
internal sealed class Notebook : IDisposable
{
    /// <param name="options">How the cell connects.</param>
    /// <param name="withCSharp">False for a notebook without the C# kernel, whose start-up work would share the
    /// thread pool with a test that counts its threads.</param>
    public Notebook(PythonKernelOptions options, bool withCSharp = true)
    {
        Root = new CompositeKernel { new CellKernel("cell", async _ => Status = await PythonKernel.ConnectAsync(options)) };
        if (withCSharp)
        {
            CSharp = new CSharpKernel().UseValueSharing();
            Root.Add(CSharp);
            Root.DefaultKernelName = CSharp.Name;
        }
    }

    public CompositeKernel Root { get; }

    public CSharpKernel? CSharp { get; }

    public PythonKernelStatus? Status { get; private set; }

    /// <summary>Runs the cell that connects Python; returns that cell's result.</summary>
    public Task<KernelCommandResult> ConnectAsync() => Root.SendAsync(new SubmitCode("run", "cell"));

    public Task<KernelCommandResult> SubmitAsync(string code, string kernel) => Root.SendAsync(new SubmitCode(code, kernel));

    public void Dispose() => Root.Dispose();

    public static IReadOnlyList<string> PlainText(KernelCommandResult result) =>
        result.Events.OfType<DisplayEvent>()
            .SelectMany(e => e.FormattedValues.Where(v => v.MimeType == "text/plain").Select(v => v.Value))
            .ToList();

    public static void AssertSucceeded(KernelCommandResult result) =>
        Assert.False(result.Events.OfType<CommandFailed>().Any(),
            string.Join("\n", result.Events.OfType<CommandFailed>().Select(f => f.Message)));
}
