namespace ConcurrencyLab.Tests;

/// <summary>
/// Data flows one way inside the core: recording at the bottom, then renderings, then the event loops, then
/// simulations, measurements and servers (see <see cref="LayerCheck.Layers"/>); the notebook layer is an assembly
/// of its own. These tests fail when a lower layer references a higher one, and prove on small samples that the
/// check does catch it.
/// </summary>
public sealed class LayeringTests
{
    private static string LibraryFolder => Path.Combine(RepoPaths.Root, "helpers", "ConcurrencyLab");

    [Fact]
    public void No_layer_of_the_helpers_uses_a_layer_above_it()
    {
        var sources = LayerCheck.LibrarySources(LibraryFolder).ToList();
        Assert.True(sources.Count > 30, $"Only {sources.Count} source files found under {LibraryFolder}.");

        var problems = LayerCheck.Violations(sources);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_core_references_no_kernel_package_and_the_notebook_layer_builds_on_the_core()
    {
        static IEnumerable<string> References(Type type) => type.Assembly.GetReferencedAssemblies().Select(a => a.Name!);
        var core = typeof(Timeline);
        var notebook = typeof(Lab);

        Assert.Equal("ConcurrencyLab", core.Assembly.GetName().Name);
        Assert.DoesNotContain(References(core), name => name.StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal));
        Assert.DoesNotContain("ConcurrencyLab.Notebook", References(core));
        Assert.Equal("ConcurrencyLab.Notebook", notebook.Assembly.GetName().Name);
        Assert.Contains("ConcurrencyLab", References(notebook));
        Assert.Contains(References(notebook), name => name.StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_layer_folder_holds_code()
    {
        var folders = LayerCheck.LibrarySources(LibraryFolder).Select(s => s.Path.Split('/')[0]).ToHashSet();
        Assert.All(LayerCheck.Layers.SelectMany(l => l), folder => Assert.Contains(folder, folders));
    }

    [Fact]
    public void The_check_catches_a_recording_type_that_uses_a_chart()
    {
        var problems = LayerCheck.Violations(
        [
            ("Recording/Recorder.cs", "namespace Lab; public class Recorder { public Chart Draw() => new Chart(); }"),
            ("Rendering/Chart.cs", "namespace Lab; public class Chart { public Recorder? Source; }"),
        ]);

        var problem = Assert.Single(problems);
        Assert.Contains("Recording/Recorder.cs:1", problem);
        Assert.Contains("Chart", problem);
    }

    [Fact]
    public void The_check_catches_an_extension_method_and_a_member_of_a_higher_layer()
    {
        var problems = LayerCheck.Violations(
        [
            ("Recording/Recorder.cs", "namespace Lab; public class Recorder { public int Drawn => \"x\".Bars(); }"),
            ("Rendering/Gantt.cs", "namespace Lab; public static class Gantt { public static int Bars(this string s) => Setup.Count; }"),
            ("Servers/Setup.cs", "namespace Lab; public static class Setup { public static int Count => \"x\".Bars() + new Recorder().Drawn; }"),
        ]);

        Assert.Contains(problems, p => p.StartsWith("Recording/Recorder.cs", StringComparison.Ordinal) && p.Contains("Bars"));
        Assert.Contains(problems, p => p.StartsWith("Rendering/Gantt.cs", StringComparison.Ordinal) && p.Contains("uses Setup"));
        Assert.DoesNotContain(problems, p => p.StartsWith("Servers/", StringComparison.Ordinal)); // looking down is fine
    }

    [Fact]
    public void The_check_catches_an_event_loop_that_uses_a_simulation()
    {
        var problems = LayerCheck.Violations(
        [
            ("EventLoop/Loop.cs", "namespace Lab; public class Loop { public int Orders => Shop.Orders; }"),
            ("BurgerShop/Shop.cs", "namespace Lab; public static class Shop { public static int Orders => new Loop().Orders; }"),
        ]);

        var problem = Assert.Single(problems);
        Assert.Contains("EventLoop/Loop.cs:1: EventLoop uses Shop", problem);
    }

    [Fact]
    public void The_check_catches_a_type_split_across_layers_and_a_file_outside_them()
    {
        var problems = LayerCheck.Violations(
        [
            ("Recording/Timeline.cs", "namespace Lab; public partial class Timeline { }"),
            ("Rendering/TimelineCharts.cs", "namespace Lab; public partial class Timeline { public void Draw() { } }"),
            ("Loose.cs", "namespace Lab; public class Loose { }"),
        ]);

        Assert.Contains(problems, p => p.Contains("Timeline is declared in several layers"));
        Assert.Contains(problems, p => p.StartsWith("Loose.cs: not in a layer folder", StringComparison.Ordinal));
    }
}
