using NotebookRunner.Execution;

namespace NotebookRunner.Tests;

/// <summary>#r "nuget:" and #i through a real restore (needs the NuGet registry, which CI reaches).</summary>
public class NuGetTests
{
    [Fact]
    public void Packages_with_and_without_version_load_with_their_dependencies()
    {
        var run = TestKit.Sample("nuget");
        Assert.True(run.Succeeded, string.Join("\n", run.Cells.SelectMany(c => c.ErrorLines)));
        Assert.Equal("three", run.Var<string>("words"));
        Assert.Equal("HelloWorld", run.Var<string>("pascal"));
        Assert.Equal(2024, run.Var<int>("year"));
        Assert.Equal("{\"a\":1}", run.Var<string>("json"));
        Assert.Contains("Humanizer.Core, 2.14.1", Assert.Single(run.Cell(2).Outputs.OfType<DisplayOutput>()).Data["text/plain"]);
    }

    [Fact]
    public void A_restored_package_set_is_cached_and_reused()
    {
        TestKit.Sample("nuget");
        var cached = Directory.GetDirectories(TestKit.NuGetCache).Where(d => File.Exists(Path.Combine(d, "resolved.txt"))).ToArray();
        Assert.Contains(cached, d => File.ReadAllText(Path.Combine(d, "resolved.txt")).Contains("pkg Humanizer.Core 2.14.1"));
        var dir = TestKit.TempDirectory();
        var path = TestKit.WriteNotebook(dir, "again", "#r \"nuget: Humanizer.Core, 2.14.1\"\nvar again = Humanizer.NumberToWordsExtension.ToWords(2);");
        var run = TestKit.Run(path, new RunOptions { NuGetCacheDirectory = TestKit.NuGetCache });
        Assert.True(run.Succeeded, string.Join("\n", run.Cells.SelectMany(c => c.ErrorLines)));
        Assert.Equal("two", run.Var<string>("again"));
    }

    [Fact]
    public void An_unknown_package_fails_its_cell_with_a_message_naming_it()
    {
        var run = TestKit.Sample("unknown-package");
        var error = run.Cell(2).Error();
        Assert.Equal("NuGetRestoreError", error.EName);
        Assert.Contains("ConcurrencyLab.NoSuchPackage.Zzz", error.EValue);
        Assert.Contains("NU1101", error.EValue);
        Assert.Equal(CellStatus.Passed, run.Cell(3).Status);
    }
}
