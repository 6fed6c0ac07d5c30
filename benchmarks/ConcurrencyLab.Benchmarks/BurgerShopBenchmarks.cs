using BenchmarkDotNet.Attributes;
using ConcurrencyLab;

namespace ConcurrencyLab.Benchmarks;

/// <summary>
/// The burger shop model must answer instantly in a notebook: 10,000 orders (timeline of ~40,000 spans
/// included) should take well under 50 ms.
///   dotnet run -c Release --project benchmarks/ConcurrencyLab.Benchmarks -- --filter '*BurgerShop*' --job short
/// </summary>
[MemoryDiagnoser]
public class BurgerShopBenchmarks
{
    [Params(ClerkStyle.Sync, ClerkStyle.Async)]
    public ClerkStyle Style { get; set; }

    /// <summary>More clerks than machines: clerks wait for machines, the model's busiest path.</summary>
    [Benchmark]
    public double Model_10000_burgers_4_clerks_3_machines() =>
        BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 10_000, Clerks = 4, Machines = 3, Style = Style }).Minutes;

    /// <summary>Reading the spans sorts them once: what drawing the chart costs on top.</summary>
    [Benchmark]
    public int Model_10000_burgers_then_read_spans() =>
        BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 10_000, Clerks = 4, Machines = 3, Style = Style }).Timeline.Spans.Count;
}
