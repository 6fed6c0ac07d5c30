using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using NotebookRunner.Kernel;

namespace NotebookRunner.Testing;

/// <summary>A top-level variable of the notebook's C# kernel at the end of the run (RequestValueInfos / RequestValue).</summary>
/// <param name="Json">The value as the kernel's JSON formatter wrote it, or null if it was not asked for or could not be formatted.</param>
/// <param name="Summary">The kernel's one-line text summary of the value.</param>
internal sealed record KernelVariable(string Name, string TypeName, string? Json, string Summary);

/// <summary>
/// Reads the C# kernel's variables the way value sharing does: RequestValueInfos for names and types, then
/// RequestValue as application/json for each variable holding plain data (numbers, text, times, and lists,
/// arrays, dictionaries and tuples of them). Other values keep only the kernel's one-line summary: formatting an
/// arbitrary object graph as JSON can run its code (a lazy IEnumerable would run its query again), so it is not
/// asked for.
/// </summary>
internal static partial class KernelVariables
{
    private static readonly FrozenSet<string> PlainTypes = new[]
    {
        "System.Boolean", "System.Byte", "System.SByte", "System.Int16", "System.UInt16", "System.Int32", "System.UInt32",
        "System.Int64", "System.UInt64", "System.Single", "System.Double", "System.Decimal", "System.String", "System.Char",
        "System.TimeSpan", "System.DateTime", "System.DateTimeOffset", "System.Guid", "System.Nullable",
        "System.ValueTuple", "System.Tuple",
        "System.Collections.Generic.List", "System.Collections.Generic.Dictionary", "System.Collections.Generic.HashSet",
        "System.Collections.Generic.SortedDictionary", "System.Collections.Generic.KeyValuePair",
        // Declared types the kernel may report; what they hold is materialized (unlike a lazy IEnumerable).
        "System.Collections.Generic.IList", "System.Collections.Generic.IReadOnlyList", "System.Collections.Generic.ICollection",
        "System.Collections.Generic.IReadOnlyCollection", "System.Collections.Generic.IDictionary", "System.Collections.Generic.IReadOnlyDictionary",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static async Task<Dictionary<string, KernelVariable>> ReadAsync(KernelProcess kernel, TimeSpan timeout, Func<string, bool> readAsJson)
    {
        var variables = new Dictionary<string, KernelVariable>(StringComparer.Ordinal);
        var infos = new List<Microsoft.DotNet.Interactive.ValueSharing.KernelValueInfo>();
        var (end, _) = await kernel.SendAsync(new RequestValueInfos("csharp", "text/plain+summary"), e =>
        {
            if (e is ValueInfosProduced produced) infos.AddRange(produced.ValueInfos);
        }, timeout);
        if (end != CommandEnd.Succeeded) return variables;

        foreach (var info in infos)
        {
            string? json = null;
            if (info.TypeName is { } typeName && readAsJson(typeName))
            {
                var (valueEnd, _) = await kernel.SendAsync(new RequestValue(info.Name, "application/json", "csharp"), e =>
                {
                    if (e is ValueProduced value) json = value.FormattedValue?.Value;
                }, timeout);
                if (valueEnd is CommandEnd.TimedOut or CommandEnd.KernelExited) break;
            }
            variables[info.Name] = new KernelVariable(info.Name, info.TypeName ?? "", json, info.FormattedValue?.Value ?? "");
        }
        return variables;
    }

    /// <summary>True when every type named in <paramref name="typeName"/> (e.g. List&lt;System.String&gt;, System.Double[]) is plain
    /// data, or a type whose full name starts with one of <paramref name="trustedPrefixes"/> (a library known to hold data).</summary>
    internal static bool IsPlainData(string? typeName, params string[] trustedPrefixes)
    {
        if (string.IsNullOrWhiteSpace(typeName)) return false;
        foreach (Match part in TypeNamePart().Matches(typeName))
        {
            var name = part.Value.Trim();
            var tick = name.IndexOf('`');
            if (tick >= 0) name = name[..tick];
            if (!PlainTypes.Contains(name) && !trustedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))) return false;
        }
        return true;
    }

    [GeneratedRegex(@"[^<>,\[\]\s]+")]
    private static partial Regex TypeNamePart();
}
