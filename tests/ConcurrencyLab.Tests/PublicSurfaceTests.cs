namespace ConcurrencyLab.Tests;

/// <summary>
/// The core exports few types (nested public types count too): a notebook learns a small vocabulary, and a new public
/// type is a decision made in review (the PublicAPI files list each one), not a side effect.
/// </summary>
public sealed class PublicSurfaceTests
{
    private const int MostTypes = 20;

    [Fact]
    public void The_core_exports_at_most_twenty_types()
    {
        var exported = typeof(Timeline).Assembly.GetExportedTypes().Select(t => t.FullName!).Order().ToList();

        Assert.True(exported.Count <= MostTypes, $"{exported.Count} public types: {string.Join(", ", exported)}");
    }
}
