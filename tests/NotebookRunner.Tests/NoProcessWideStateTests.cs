using System.Collections;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using NotebookRunner.Execution;

namespace NotebookRunner.Tests;

/// <summary>
/// The runner keeps no process-wide mutable state: what a run shares (its kernels, the interruption, the tool
/// restore) belongs to its <see cref="RunSession"/>. So no static field of the runner's assembly may be assigned after
/// initialization, and no static readonly field may hold a collection that can change.
/// </summary>
public class NoProcessWideStateTests
{
    [Fact]
    public void The_runner_has_no_static_field_that_is_writable_or_a_mutable_collection()
    {
        var found = MutableStaticFields(typeof(RunSession).Assembly.GetTypes());
        Assert.True(found.Count == 0, "process-wide mutable state:\n  " + string.Join("\n  ", found));
    }

    [Fact]
    public void The_check_finds_each_kind_of_mutable_static_field_and_accepts_constants_and_immutable_values()
    {
        var found = MutableStaticFields([typeof(ProcessWideState), typeof(ProcessWideState.Nested), typeof(NoProcessWideState)]);
        Assert.Equal(
            [
                "NoProcessWideStateTests+ProcessWideState+Nested.Flag (writable)",
                "NoProcessWideStateTests+ProcessWideState.<Backing>k__BackingField (writable)",
                "NoProcessWideStateTests+ProcessWideState.Counter (writable)",
                "NoProcessWideStateTests+ProcessWideState.Hidden (mutable collection IEnumerable`1)",
                "NoProcessWideStateTests+ProcessWideState.Live (mutable collection Dictionary`2)",
                "NoProcessWideStateTests+ProcessWideState.Names (mutable collection String[])",
                "NoProcessWideStateTests+ProcessWideState.Seen (mutable collection HashSet`1)",
            ],
            found.Order(StringComparer.Ordinal));
    }

    /// <summary>Each static field of <paramref name="types"/> that is writable, or readonly but holding a collection
    /// that can change (checked by its declared type, and by its value when declared as an interface).</summary>
    private static List<string> MutableStaticFields(IEnumerable<Type> types)
    {
        var found = new List<string>();
        foreach (var type in types.Where(t => !IsCompilerGenerated(t)))
            foreach (var field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.IsLiteral) continue;
                var name = $"{(type.Namespace is { } ns ? type.FullName![(ns.Length + 1)..] : type.FullName)}.{field.Name}";
                if (!field.IsInitOnly) found.Add($"{name} (writable)");
                else if (IsMutableCollection(field.FieldType) || (field.FieldType.IsInterface && field.GetValue(null) is { } value && IsMutableCollection(value.GetType())))
                    found.Add($"{name} (mutable collection {field.FieldType.Name})");
            }
        return found;
    }

    /// <summary>Lambda caches, state machines, fixed-size buffers: the compiler's own, not state a person declared.</summary>
    private static bool IsCompilerGenerated(Type type) =>
        type.IsDefined(typeof(CompilerGeneratedAttribute)) || (type.DeclaringType is { } outer && IsCompilerGenerated(outer));

    private static bool IsMutableCollection(Type type) =>
        type.IsArray
        || (typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(string)
            && type.Namespace is not ("System.Collections.Frozen" or "System.Collections.Immutable")
            && !type.Name.StartsWith("IReadOnly", StringComparison.Ordinal) && !type.Name.StartsWith("ReadOnly", StringComparison.Ordinal)
            && type != typeof(IEnumerable) && !(type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)));

#pragma warning disable CS0169, CS0414, CS0649 // fields that exist only to be found
    private static class ProcessWideState
    {
        private static int Counter;
        private static readonly Dictionary<string, int> Live = [];
        private static readonly HashSet<int> Seen = [];
        private static readonly string[] Names = ["a"];
        private static readonly IEnumerable<int> Hidden = new List<int>();
        public static string Backing { get; set; } = "";

        public static class Nested
        {
            internal static volatile bool Flag;
        }
    }

    private static class NoProcessWideState
    {
        private const int Limit = 3;
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(Limit);
        private static readonly string Name = "name";
        private static readonly FrozenSet<string> Choices = new[] { "a" }.ToFrozenSet();
        private static readonly ImmutableArray<int> Numbers = [1];
        private static readonly IReadOnlyList<int> Fixed = ImmutableArray.Create(1);
        private static readonly Lazy<string> Loaded = new(() => "x");
        private static readonly Func<int, int> Twice = x => 2 * x;
        public static string Version { get; } = "1";
    }
#pragma warning restore CS0169, CS0414, CS0649
}
