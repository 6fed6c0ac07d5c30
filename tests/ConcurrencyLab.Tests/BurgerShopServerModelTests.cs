using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>
/// The shop as a server (<see cref="BurgerShop.ModelServer"/>): an async clerk takes the next order once his hands
/// are free; a sync clerk stands at the machine as in the plain model.
/// </summary>
public class BurgerShopServerModelTests
{
    private static readonly Recipe CounterOrder = new("counter order", Step.ByHand("take order", 1), Step.OnMachine("cook", 5));

    [Theory]
    [InlineData(3, 1, 1)]
    [InlineData(7, 2, 1)]
    [InlineData(12, 3, 5)]
    public void A_sync_clerk_serves_exactly_as_in_the_plain_model(int orders, int clerks, int machines)
    {
        var setup = new ShopSetup(Recipe.Burger) { Orders = orders, Clerks = clerks, Machines = machines, Style = ClerkStyle.Sync };

        var server = BurgerShop.ModelServer(setup);
        var plain = BurgerShop.Model(setup);

        Assert.Equal(plain.Minutes, server.Minutes);
        Assert.Equal(plain.Timeline.Spans.Select(s => (s.Name, s.Lane, s.Start, s.End, s.Kind)),
            server.Timeline.Spans.Select(s => (s.Name, s.Lane, s.Start, s.End, s.Kind)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(60)]
    public void An_async_cashier_takes_an_order_a_minute_while_the_kitchen_cooks(int orders)
    {
        // Order k starts at minute k-1 (his hands take 1 minute); it cooks from its start, on its own machine, and is
        // done 5 minutes later.
        var shop = BurgerShop.ModelServer(new ShopSetup(CounterOrder) { Orders = orders, Clerks = 1, Machines = orders, Style = ClerkStyle.Async });

        Assert.Equal(orders - 1 + 5, shop.Minutes);
        Assert.DoesNotContain(shop.Timeline.Spans, s => s.Lane == "clerk 1" && s.Kind != SpanKind.Cpu);
        Assert.Equal(orders, shop.Timeline.Spans.Count(s => s.Lane == "clerk 1"));
    }

    [Fact]
    public void The_plain_async_clerk_awaits_each_order_before_the_next()
    {
        var setup = new ShopSetup(CounterOrder) { Orders = 10, Clerks = 1, Machines = 10, Style = ClerkStyle.Async };

        Assert.Equal(50, BurgerShop.Model(setup).Minutes);          // 5 minutes an order, one after another
        Assert.Equal(14, BurgerShop.ModelServer(setup).Minutes);    // a new order every minute, the last done at 9 + 5
    }

    [Fact]
    public void The_kitchen_caps_an_async_server_at_machines_over_cook_minutes()
    {
        // 2 cashiers could take 2 orders a minute; 8 machines of 5 minutes each finish only 1.6 a minute.
        double Minutes(int orders) => BurgerShop.ModelServer(new ShopSetup(CounterOrder) { Orders = orders, Clerks = 2, Machines = 8, Style = ClerkStyle.Async }).Minutes;

        Assert.Equal(1.6, 840 / (Minutes(1680) - Minutes(840)), 9);
    }

    [Fact]
    public void A_recipe_all_by_hand_gains_nothing_from_serving_async()
    {
        var setup = new ShopSetup(Recipe.StirFry) { Orders = 3, Clerks = 1, Machines = 0, Style = ClerkStyle.Async };

        Assert.Equal(BurgerShop.Model(setup).Minutes, BurgerShop.ModelServer(setup).Minutes);
    }

    [Fact]
    public void Its_title_says_it_is_the_server_model() =>
        Assert.EndsWith("(server model)", BurgerShop.ModelServer(new ShopSetup(Recipe.Burger) { Style = ClerkStyle.Async }).ToString());

    [Fact]
    public void Bad_input_is_refused_as_in_the_plain_model()
    {
        var e = Assert.Throws<ArgumentException>(() => BurgerShop.ModelServer(new ShopSetup(Recipe.Burger) { Machines = 0 }));
        Assert.Contains("machine", e.Message);
    }
}
