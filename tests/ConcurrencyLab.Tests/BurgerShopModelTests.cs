using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>Seed 003's figures, and the shapes of the timelines the model draws.</summary>
public class BurgerShopModelTests
{
    [Theory]
    [InlineData(1, 1, ClerkStyle.Sync, 18)]  // one sync clerk: 6 min a burger, one after another
    [InlineData(3, 3, ClerkStyle.Sync, 6)]   // parallel: three sync clerks, three machines
    [InlineData(1, 1, ClerkStyle.Async, 9)]  // concurrent: he cuts vegetables while patty and bun cook
    [InlineData(3, 3, ClerkStyle.Async, 3)]  // both
    public void Three_burgers_take_the_seeds_minutes(int clerks, int machines, ClerkStyle style, double minutes)
    {
        var shop = BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 3, Clerks = clerks, Machines = machines, Style = style });

        Assert.Equal(minutes, shop.Minutes);
        Assert.Equal(TimeSpan.FromMinutes(minutes), shop.Timeline.Makespan);
    }

    [Theory]
    [InlineData(ClerkStyle.Sync, 6)]
    [InlineData(ClerkStyle.Async, 3)]
    public void One_burger_takes_six_minutes_sync_and_three_async(ClerkStyle style, double minutes) =>
        Assert.Equal(minutes, BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 1, Clerks = 1, Machines = 1, Style = style }).Minutes);

    [Fact]
    public void Two_sync_clerks_share_one_machine_for_the_first_three_minutes_of_each_burger()
    {
        // Clerk 2 can start only when clerk 1 has taken the bun off (minute 3): orders start at 0, 3, 6.
        var shop = BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 3, Clerks = 2, Machines = 1, Style = ClerkStyle.Sync });

        Assert.Equal(12, shop.Minutes);
        var patties = shop.Timeline.Spans.Where(s => s.Lane == "machine 1 · patty").Select(s => s.Start.TotalMinutes);
        Assert.Equal([0.0, 3.0, 6.0], patties);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(2, 1)]
    public void A_stir_fry_is_as_slow_for_an_async_clerk_as_for_a_sync_one(int clerks, int machines)
    {
        var sync = BurgerShop.Model(new ShopSetup(Recipe.StirFry) { Orders = 3, Clerks = clerks, Machines = machines, Style = ClerkStyle.Sync });
        var async = BurgerShop.Model(new ShopSetup(Recipe.StirFry) { Orders = 3, Clerks = clerks, Machines = machines, Style = ClerkStyle.Async });

        Assert.Equal(sync.Minutes, async.Minutes);
        Assert.True(async.Minutes > 0);
    }

    [Fact]
    public void A_stir_fry_has_as_much_work_as_a_burger_but_nothing_to_wait_for()
    {
        Assert.Equal(Recipe.Burger.MinutesPerOrder(ClerkStyle.Sync), Recipe.StirFry.MinutesPerOrder(ClerkStyle.Sync));
        Assert.All(Recipe.StirFry.Steps, s => Assert.False(s.IsOnMachine));
        Assert.Equal(["cut vegetables", "cut meat", "stir-fry"], Recipe.StirFry.Steps.Select(s => s.Name));
    }

    [Fact]
    public void The_burger_is_patty_and_bun_on_the_machine_and_vegetables_by_hand()
    {
        var steps = Recipe.Burger.Steps.Select(s => (s.Name, s.Minutes, s.IsOnMachine));
        Assert.Equal([("patty", 1.0, true), ("bun", 2.0, true), ("vegetables", 3.0, false)], steps);
    }

    [Fact]
    public void A_sync_clerk_stands_blocked_at_the_machine_then_cuts_by_hand()
    {
        var spans = BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 1, Clerks = 1, Machines = 1, Style = ClerkStyle.Sync }).Timeline.Spans
            .Where(s => s.Lane == "clerk 1")
            .Select(s => (s.Name, s.Start.TotalMinutes, s.End.TotalMinutes, s.Kind));

        Assert.Equal(
            [
                ("order 1: stands at patty", 0.0, 1.0, SpanKind.Blocked),
                ("order 1: stands at bun", 1.0, 3.0, SpanKind.Blocked),
                ("order 1: vegetables", 3.0, 6.0, SpanKind.Cpu),
            ],
            spans);
    }

    [Fact]
    public void An_async_clerk_cuts_while_patty_and_bun_cook_side_by_side()
    {
        var spans = BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 1, Clerks = 1, Machines = 1, Style = ClerkStyle.Async }).Timeline.Spans
            .Select(s => (s.Lane, s.Start.TotalMinutes, s.End.TotalMinutes, s.Kind));

        Assert.Equal(
            [
                ("clerk 1", 0.0, 3.0, SpanKind.Cpu),
                ("machine 1 · patty", 0.0, 1.0, SpanKind.Waiting),
                ("machine 1 · bun", 0.0, 2.0, SpanKind.Waiting),
            ],
            spans);
    }

    [Fact]
    public void An_async_clerk_whose_hands_are_done_first_awaits_the_machine()
    {
        var bread = new Recipe("bread", Step.ByHand("knead", 1), Step.OnMachine("bake", 4));
        var shop = BurgerShop.Model(new ShopSetup(bread) { Orders = 2, Clerks = 1, Machines = 1, Style = ClerkStyle.Async });

        Assert.Equal(8, shop.Minutes);
        var awaits = Assert.Single(shop.Timeline.Spans, s => s.Name == "order 1: awaits the machine");
        Assert.Equal((1.0, 4.0, SpanKind.Waiting), (awaits.Start.TotalMinutes, awaits.End.TotalMinutes, awaits.Kind));
    }

    [Fact]
    public void Lanes_read_clerks_first_then_machines()
    {
        var lanes = BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 3, Clerks = 3, Machines = 3, Style = ClerkStyle.Async }).Timeline.Spans.Select(s => s.Lane).Distinct();

        Assert.Equal(
            ["clerk 1", "clerk 2", "clerk 3", "machine 1 · patty", "machine 1 · bun", "machine 2 · patty", "machine 2 · bun", "machine 3 · patty", "machine 3 · bun"],
            lanes);
    }

    [Fact]
    public void Two_machine_steps_with_one_name_get_two_stations()
    {
        var twice = new Recipe("twice baked", Step.OnMachine("bake", 1), Step.OnMachine("bake", 1));
        var lanes = BurgerShop.Model(new ShopSetup(twice) { Orders = 1, Clerks = 1, Machines = 1, Style = ClerkStyle.Async }).Timeline.Spans.Select(s => s.Lane);

        Assert.Equal(["clerk 1", "machine 1 · bake", "machine 1 · bake 2"], lanes); // clerk 1 awaits them
    }

    [Fact]
    public void The_result_describes_itself_in_one_line()
    {
        var shop = BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 3, Clerks = 1, Machines = 1, Style = ClerkStyle.Async });

        Assert.Equal("3 × burger, 1 async clerk, 1 machine: 9 min (model)", shop.ToString());
        Assert.Equal(shop.ToString(), shop.Timeline.Title);
        Assert.False(shop.IsRealRun);
    }

    [Fact]
    public void A_recipe_keeps_its_steps_when_the_callers_array_changes()
    {
        var steps = new[] { Step.ByHand("a", 1) };
        var recipe = new Recipe("r", steps);
        steps[0] = Step.ByHand("b", 5);

        Assert.Equal("a", recipe.Steps[0].Name);
    }
}

/// <summary>How a shop is drawn: lanes in shop order, and comparisons labelled by what differs.</summary>
public class BurgerShopChartTests
{
    [Fact]
    public void A_shops_chart_lists_clerks_then_machines_whatever_starts_first()
    {
        // Clerk 2 starts at minute 3, after machine 1's stations: the chart still lists him second.
        var chart = BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 3, Clerks = 2, Machines = 1, Style = ClerkStyle.Sync }).ToGantt();

        Assert.Equal(["clerk 1", "clerk 2", "machine 1 · patty", "machine 1 · bun"], chart.Lanes);
        Assert.Equal("3 × burger, 2 sync clerks, 1 machine: 12 min (model)", chart.Title);
    }

    [Fact]
    public void Comparing_four_shops_labels_lanes_by_staff()
    {
        var shops = new[] { (1, 1, ClerkStyle.Sync), (3, 3, ClerkStyle.Sync) }
            .Select(s => BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 3, Clerks = s.Item1, Machines = s.Item2, Style = s.Item3 })).ToArray();

        var lanes = BurgerShop.Compare("shops", shops).Lanes;

        Assert.Equal("1 sync, 1 machine · clerk 1", lanes[0]);
        Assert.Contains("3 sync, 3 machines · clerk 3", lanes);
        Assert.Equal(3 + 9, lanes.Count);
    }

    [Fact]
    public void Comparing_a_model_with_a_real_run_labels_lanes_model_and_real_run()
    {
        var model = BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 1, Clerks = 1, Machines = 1, Style = ClerkStyle.Async });
        var real = new BurgerShop(model.Plan, 3, model.Timeline, TimeSpan.FromMilliseconds(300));

        var lanes = BurgerShop.Compare(null, model, real).Lanes;

        Assert.Equal(["model · clerk 1", "model · machine 1 · patty", "model · machine 1 · bun", "real run · clerk 1", "real run · machine 1 · patty", "real run · machine 1 · bun"], lanes);
    }

    [Fact]
    public void Compare_needs_shops() =>
        Assert.Contains("at least one shop", Assert.Throws<ArgumentException>(() => BurgerShop.Compare("x")).Message);
}

public class BurgerShopChartByThreadTests
{
    [Fact]
    public void Drawn_by_thread_clerks_threads_come_first_and_machines_keep_their_lanes()
    {
        var model = BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 2, Clerks = 2, Machines = 2, Style = ClerkStyle.Sync });
        var spans = model.Timeline.Spans.Select(s => s.Lane.StartsWith("clerk 1", StringComparison.Ordinal) ? s with { ThreadId = 7 } : s.Lane.StartsWith("clerk 2", StringComparison.Ordinal) ? s with { ThreadId = 9 } : s);
        var timeline = new Timeline("fake real run");
        foreach (var s in spans) timeline.Add(s.Name, s.Lane, s.Start, s.End, s.Kind, s.ThreadId);
        var shop = new BurgerShop(model.Plan, model.Minutes, timeline, TimeSpan.FromSeconds(1));

        var lanes = shop.ToGantt(byThread: true).Lanes;

        Assert.Equal(["thread 7", "thread 9", "machine 1 · patty", "machine 1 · bun", "machine 2 · patty", "machine 2 · bun"], lanes);
    }
}
