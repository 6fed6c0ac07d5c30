using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>
/// Laws the model must obey for any recipe and shop, checked over random cases from a fixed seed (so a
/// failure names a case that can be replayed). Minutes are multiples of 0.5, exact in binary, so sums compare
/// exactly.
/// </summary>
public class BurgerShopPropertyTests
{
    private const int Cases = 1500;

    public static TheoryData<int> Seeds => new() { 1, 2, 3 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_makespan_lies_between_one_order_and_all_orders_in_a_row(int seed)
    {
        foreach (var c in RandomCases(seed))
        {
            var minutes = BurgerShop.Model(new ShopSetup(c.Recipe) { Orders = c.Orders, Clerks = c.Clerks, Machines = c.Machines, Style = c.Style }).Minutes;
            var sequential = BurgerShop.Model(new ShopSetup(c.Recipe) { Orders = c.Orders, Clerks = 1, Machines = c.Recipe.UsesMachine ? 1 : 0, Style = ClerkStyle.Sync }).Minutes;

            Assert.True(minutes >= c.Recipe.MinutesPerOrder(c.Style), $"{c}: {minutes} min is less than one order");
            Assert.True(minutes <= sequential, $"{c}: {minutes} min is more than one sync clerk's {sequential}");
            Assert.Equal(c.Orders * c.Recipe.Steps.Sum(s => s.Minutes), sequential);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Adding_a_clerk_with_a_machine_never_makes_the_shop_slower(int seed)
    {
        foreach (var c in RandomCases(seed))
        {
            var before = BurgerShop.Model(new ShopSetup(c.Recipe) { Orders = c.Orders, Clerks = c.Clerks, Machines = c.Machines, Style = c.Style }).Minutes;
            var after = BurgerShop.Model(new ShopSetup(c.Recipe) { Orders = c.Orders, Clerks = c.Clerks + 1, Machines = c.Machines + 1, Style = c.Style }).Minutes;

            Assert.True(after <= before, $"{c}: one more clerk and machine took {after} min instead of {before}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void An_async_clerk_is_never_slower_and_equal_when_all_is_by_hand(int seed)
    {
        foreach (var c in RandomCases(seed))
        {
            var sync = BurgerShop.Model(new ShopSetup(c.Recipe) { Orders = c.Orders, Clerks = c.Clerks, Machines = c.Machines, Style = ClerkStyle.Sync }).Minutes;
            var async = BurgerShop.Model(new ShopSetup(c.Recipe) { Orders = c.Orders, Clerks = c.Clerks, Machines = c.Machines, Style = ClerkStyle.Async }).Minutes;

            Assert.True(async <= sync, $"{c}: async {async} min, sync {sync} min");
            if (!c.Recipe.UsesMachine) Assert.Equal(sync, async);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Nobody_does_two_things_at_once_and_a_machine_serves_one_order_at_a_time(int seed)
    {
        foreach (var c in RandomCases(seed).Take(300))
        {
            var shop = BurgerShop.Model(new ShopSetup(c.Recipe) { Orders = c.Orders, Clerks = c.Clerks, Machines = c.Machines, Style = c.Style });
            var spans = shop.Timeline.Spans;

            foreach (var lane in spans.GroupBy(s => s.Lane))
                AssertNoOverlap(lane.Select(s => (s.Start, s.End)), $"{c}: lane {lane.Key}");

            // Per machine, from each order's first machine step to its last: no two orders overlap.
            var machineUse = spans.Where(s => s.Lane.StartsWith("machine ", StringComparison.Ordinal))
                .GroupBy(s => (Machine: s.Lane.Split(" · ")[0], Order: s.Name.Split(':')[0]))
                .Select(g => (g.Key.Machine, Start: g.Min(s => s.Start), End: g.Max(s => s.End)));
            foreach (var machine in machineUse.GroupBy(u => u.Machine))
                AssertNoOverlap(machine.Select(u => (u.Start, u.End)), $"{c}: {machine.Key}");

            // Every step of every order is drawn once, with its own length.
            var stepSpans = spans.Where(s => !s.Name.Contains("stands at") && !s.Name.Contains("awaits"));
            Assert.Equal(c.Orders * c.Recipe.Steps.Sum(s => s.Minutes), stepSpans.Sum(s => s.Duration.TotalMinutes), 6);
            Assert.Equal(shop.Minutes, shop.Timeline.Makespan.TotalMinutes, 6);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void With_a_machine_for_every_clerk_the_minutes_are_rounds_of_orders(int seed)
    {
        foreach (var c in RandomCases(seed).Where(c => c.Machines >= c.Clerks))
        {
            var rounds = (c.Orders + c.Clerks - 1) / c.Clerks;
            Assert.Equal(rounds * c.Recipe.MinutesPerOrder(c.Style), BurgerShop.Model(new ShopSetup(c.Recipe) { Orders = c.Orders, Clerks = c.Clerks, Machines = c.Machines, Style = c.Style }).Minutes);
        }
    }

    private static IEnumerable<Case> RandomCases(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var steps = Enumerable.Range(1, random.Next(1, 6))
                .Select(n => random.Next(2) == 0
                    ? Step.OnMachine($"m{n}", random.Next(1, 11) / 2.0)
                    : Step.ByHand($"h{n}", random.Next(1, 11) / 2.0))
                .ToArray();
            var recipe = new Recipe($"r{seed}.{i}", steps);
            var machines = recipe.UsesMachine ? random.Next(1, 6) : random.Next(0, 3);
            yield return new Case(recipe, random.Next(1, 21), random.Next(1, 6), machines, random.Next(2) == 0 ? ClerkStyle.Sync : ClerkStyle.Async);
        }
    }

    private static void AssertNoOverlap(IEnumerable<(TimeSpan Start, TimeSpan End)> intervals, string what)
    {
        var sorted = intervals.OrderBy(x => x.Start).ToArray();
        for (var i = 1; i < sorted.Length; i++)
            Assert.True(sorted[i].Start >= sorted[i - 1].End, $"{what}: {sorted[i - 1]} overlaps {sorted[i]}");
    }

    private sealed record Case(Recipe Recipe, int Orders, int Clerks, int Machines, ClerkStyle Style)
    {
        public override string ToString() => $"{Recipe} × {Orders}, {Clerks} {Style} clerks, {Machines} machines";
    }
}
