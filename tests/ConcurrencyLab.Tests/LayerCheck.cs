using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The core's layers, read from its source folders: each file's first folder names its layer, and a file may
/// use only types declared in its own layer or a lower one. Compiled with Roslyn so every reference is resolved
/// (types, members, extension methods, attributes), not guessed from text.
/// </summary>
internal static class LayerCheck
{
    /// <summary>Lowest first. Folders on one line are one layer (they may use each other).</summary>
    public static readonly string[][] Layers =
    [
        ["Recording"],                                 // Timeline and spans: knows nothing above it
        ["Rendering"],                                 // Gantt HTML and text, Chrome trace: read timelines
        ["EventLoop"],                                 // the event loops (asyncio's, with trace and player; the smallest one)
        ["BurgerShop", "Measurements", "Servers"],     // simulations, measurements, demo servers: produce timelines
    ];

    /// <summary>The layer of a file, from its path relative to the library folder; null outside every layer folder.</summary>
    public static int? LayerOf(string relativePath)
    {
        var first = relativePath.Replace('\\', '/').Split('/')[0];
        for (var i = 0; i < Layers.Length; i++)
            if (Layers[i].Contains(first, StringComparer.Ordinal)) return i;
        return null;
    }

    private static string Name(int layer) => string.Join("/", Layers[layer]);

    // As the project's ImplicitUsings gives them.
    private const string ImplicitUsings =
        "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
        "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";

    /// <summary>The library's own source files (path relative to the library folder, text), build output left out.</summary>
    public static IEnumerable<(string Path, string Source)> LibrarySources(string libraryFolder) =>
        Directory.EnumerateFiles(libraryFolder, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(libraryFolder, f).Replace('\\', '/'))
            .Where(p => !p.Split('/')[0].StartsWith("obj", StringComparison.Ordinal) && !p.Split('/')[0].StartsWith("bin", StringComparison.Ordinal))
            .Select(p => (p, File.ReadAllText(Path.Combine(libraryFolder, p))));

    /// <summary>Every reference from a lower layer to a higher one, every file outside the layers, every type split across layers.</summary>
    public static IReadOnlyList<string> Violations(IEnumerable<(string Path, string Source)> files)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Source, parse, f.Path)).ToList();
        var usings = CSharpSyntaxTree.ParseText(ImplicitUsings, parse, "(implicit usings)");
        // The platform alone: the core compiles without any kernel package (the notebook layer is another assembly).
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("layers", trees.Append(usings), references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

        // Unresolved names would make the check pass without looking: the sources must compile as they are.
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        if (errors.Count > 0)
            throw new InvalidOperationException("The layer check could not compile the sources: " + string.Join("; ", errors));

        var problems = new List<string>();
        foreach (var tree in trees)
        {
            if (LayerOf(tree.FilePath) is not { } layer)
            {
                problems.Add($"{tree.FilePath}: not in a layer folder ({string.Join(", ", Layers.SelectMany(l => l))}).");
                continue;
            }
            var model = compilation.GetSemanticModel(tree);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                var symbol = node switch
                {
                    SimpleNameSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax => model.GetSymbolInfo(node).Symbol,
                    _ => null,
                };
                foreach (var (declaringLayer, type) in DeclaringLayers(symbol))
                {
                    if (declaringLayer <= layer || !seen.Add(type)) continue; // each higher type once per file
                    var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    var what = symbol!.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
                    problems.Add($"{tree.FilePath}:{line}: {Name(layer)} uses {what}, declared in {Name(declaringLayer)} (a higher layer).");
                }
            }
        }

        foreach (var type in AllTypes(compilation.Assembly.GlobalNamespace))
        {
            var layers = type.DeclaringSyntaxReferences.Select(r => LayerOf(r.SyntaxTree.FilePath)).OfType<int>().Distinct().ToList();
            if (layers.Count > 1)
                problems.Add($"{type.Name} is declared in several layers ({string.Join(", ", layers.Select(Name))}): keep a type in one.");
        }
        return problems;
    }

    /// <summary>The layers of the source declaring a symbol, or of the type declaring a member.</summary>
    private static IEnumerable<(int Layer, string Type)> DeclaringLayers(ISymbol? symbol)
    {
        if (symbol is IMethodSymbol { ReducedFrom: { } extension }) symbol = extension;
        // Types and their members; a namespace spans every layer, and locals live in the file that uses them.
        if ((symbol as INamedTypeSymbol ?? symbol?.ContainingType) is not { } declaring) yield break;
        foreach (var reference in declaring.OriginalDefinition.DeclaringSyntaxReferences)
            if (LayerOf(reference.SyntaxTree.FilePath) is { } layer) yield return (layer, declaring.ToDisplayString());
    }

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol ns)
    {
        foreach (var type in ns.GetTypeMembers()) yield return type;
        foreach (var inner in ns.GetNamespaceMembers())
            foreach (var type in AllTypes(inner)) yield return type;
    }
}
