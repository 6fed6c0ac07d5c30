using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.AspNetCore.Html;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive.Formatting;
using NotebookRunner.Kernel;

namespace NotebookRunner.Execution;

/// <summary>What one submission produced: a compile error, an exception, or success with an optional value.</summary>
internal sealed record SubmissionOutcome(
    ImmutableArray<Diagnostic> CompileErrors,
    Exception? Exception,
    bool HasReturnValue,
    object? ReturnValue);

/// <summary>
/// The C# script state of one notebook, set up as the .NET Interactive C# kernel sets up its own: Roslyn
/// scripting, the same default imports and language version, <c>#r</c>/<c>#load</c> resolved against the
/// notebook's folder, each cell continuing the previous state (a failed cell leaves the state as it was;
/// an exception keeps what ran before it, as in the kernel).
/// </summary>
internal sealed class ScriptSession
{
    /// <summary>The kernel's default imports, and nothing more.</summary>
    public static readonly ImmutableArray<string> DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    private static readonly MethodInfo HasReturnValueMethod =
        typeof(Script).GetMethod("HasReturnValue", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingMethodException("Microsoft.CodeAnalysis.Scripting.Script.HasReturnValue");

    // Built once per process: metadata references are costly to create and Roslyn caches what it reads
    // from each reference object, so every notebook and cell shares these.
    private static readonly Lazy<ScriptOptions> BaseOptions = new(() =>
        ScriptOptions.Default
            // The kernel compiles scripts as C# 12 (its KernelInfo says "12.0"): newer syntax would be green
            // here and red there.
            .WithLanguageVersion(LanguageVersion.CSharp12)
            .WithImports(DefaultImports)
            .AddReferences(
                typeof(Enumerable).Assembly,
                typeof(IEnumerable<>).Assembly,
                typeof(Task<>).Assembly,
                typeof(KernelHelpers).Assembly,
                typeof(PocketView).Assembly,
                typeof(IHtmlContent).Assembly)
            // Line numbers in exception stack traces point into the cell.
            .WithEmitDebugInformation(true)
            .WithFileEncoding(System.Text.Encoding.UTF8));

    private ScriptOptions _options;
    private readonly HashSet<string> _referencedPaths = new(StringComparer.Ordinal);

    public ScriptSession(string baseDirectory)
    {
        BaseDirectory = baseDirectory;
        _options = BaseOptions.Value
            .WithMetadataResolver(new CachingMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory)))
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, baseDirectory));
    }

    public string BaseDirectory { get; }

    public ScriptState<object>? State { get; private set; }

    /// <summary>
    /// The kernel's first, hidden submission: makes display(...) and HTML(...) available to every cell.
    /// Also pays the compiler's one-time start-up cost before the first cell is timed.
    /// </summary>
    public async Task InitializeAsync()
    {
        var startup = _options.WithFilePath(Path.Combine(BaseDirectory, "(runner start-up)"));
        State = await CSharpScript.RunAsync<object>($"using static {typeof(KernelHelpers).FullName};", startup);
        await WarmUpAsync(startup);
    }

    private static int s_warmedUp;

    /// <summary>
    /// Once per process, compiles, runs and formats a throw-away submission in a separate state (the notebook's
    /// state is untouched), so the compiler's and formatter's one-time costs are paid before the first cell
    /// starts, not charged to it (nor to its timeout).
    /// </summary>
    private static async Task WarmUpAsync(ScriptOptions options)
    {
        if (Interlocked.Exchange(ref s_warmedUp, 1) == 1) return;
        var state = await CSharpScript.RunAsync<object>(
            "var numbers = new List<int> { 1, 2, 3 }; await Task.Yield(); numbers.Select(n => $\"{n}\").ToArray()", options);
        ValueFormatter.Format(state.ReturnValue);
    }

    /// <summary>Adds assemblies (resolved NuGet packages) to every later submission.</summary>
    public void AddReferences(IEnumerable<string> assemblyPaths)
    {
        var fresh = assemblyPaths.Where(_referencedPaths.Add).Select(p => MetadataReference.CreateFromFile(p)).ToArray();
        if (fresh.Length > 0) _options = _options.AddReferences(fresh);
    }

    public async Task<SubmissionOutcome> RunAsync(string code, string filePath, CancellationToken cancellationToken)
    {
        if (State is null) await InitializeAsync();
        Exception? exception = null;
        try
        {
            State = await State!.ContinueWithAsync<object>(
                code,
                _options.WithFilePath(filePath),
                catchException: e => { exception = e; return true; },
                cancellationToken: cancellationToken);
        }
        catch (CompilationErrorException e)
        {
            return new SubmissionOutcome(
                [.. e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)], null, false, null);
        }
        if (exception is not null)
            return new SubmissionOutcome([], exception, false, null);
        var hasValue = (bool)HasReturnValueMethod.Invoke(State.Script, null)!;
        return new SubmissionOutcome([], null, hasValue, hasValue ? State.ReturnValue : null);
    }

    /// <summary>Remembers resolved #r paths so a reference is read from disk once, not once per cell.</summary>
    private sealed class CachingMetadataResolver(MetadataReferenceResolver inner) : MetadataReferenceResolver
    {
        private readonly ConcurrentDictionary<(string, string?, MetadataReferenceProperties), ImmutableArray<PortableExecutableReference>> _cache = new();

        public override bool ResolveMissingAssemblies => inner.ResolveMissingAssemblies;

        public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties) =>
            _cache.GetOrAdd((reference, baseFilePath is null ? null : Path.GetDirectoryName(baseFilePath), properties),
                _ => inner.ResolveReference(reference, baseFilePath, properties));

        public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) =>
            inner.ResolveMissingAssembly(definition, referenceIdentity);

        public override bool Equals(object? other) => ReferenceEquals(this, other);
        public override int GetHashCode() => inner.GetHashCode();
    }
}
