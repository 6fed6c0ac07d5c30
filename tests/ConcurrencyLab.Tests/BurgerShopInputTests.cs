using ConcurrencyLab;

namespace ConcurrencyLab.Tests;

/// <summary>Bad input is an ArgumentException that says what to change.</summary>
public class BurgerShopInputTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_step_needs_positive_minutes(double minutes)
    {
        var e = Assert.Throws<ArgumentException>(() => Step.OnMachine("patty", minutes));
        Assert.Contains("positive", e.Message);
        Assert.Equal("minutes", e.ParamName);
        Assert.Throws<ArgumentException>(() => Step.ByHand("cut", minutes));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_step_and_a_recipe_need_a_name(string? name)
    {
        Assert.Contains("needs a name", Assert.ThrowsAny<ArgumentException>(() => Step.ByHand(name!, 1)).Message);
        Assert.Contains("needs a name", Assert.ThrowsAny<ArgumentException>(() => new Recipe(name!, Step.ByHand("cut", 1))).Message);
    }

    [Fact]
    public void A_recipe_needs_steps_and_no_null_ones()
    {
        Assert.Contains("no steps", Assert.Throws<ArgumentException>(() => new Recipe("air")).Message);
        Assert.Contains("no steps", Assert.Throws<ArgumentException>(() => new Recipe("air", null!)).Message);
        Assert.Contains("Step 2", Assert.Throws<ArgumentException>(() => new Recipe("x", Step.ByHand("a", 1), null!)).Message);
    }

    [Theory]
    [InlineData(0, 1, 1, "Orders")]
    [InlineData(-3, 1, 1, "Orders")]
    [InlineData(3, 0, 1, "Clerks")]
    [InlineData(3, -1, 1, "Clerks")]
    [InlineData(3, 1, -1, "Machines")]
    [InlineData(3, 1, 0, "Machines")] // a burger needs a machine
    public void Counts_must_make_sense(int orders, int clerks, int machines, string parameter)
    {
        var e = Assert.Throws<ArgumentException>(() => BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = orders, Clerks = clerks, Machines = machines, Style = ClerkStyle.Sync }));
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains("at least", e.Message);
    }

    [Fact]
    public void Machine_steps_without_machines_name_the_steps_and_the_fix()
    {
        var e = Assert.Throws<ArgumentException>(() => BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 3, Clerks = 1, Machines = 0, Style = ClerkStyle.Async }));
        Assert.Contains("patty, bun", e.Message);
        Assert.Contains("at least 1 machine", e.Message);
    }

    [Fact]
    public void A_recipe_made_only_by_hand_needs_no_machine() =>
        Assert.Equal(18, BurgerShop.Model(new ShopSetup(Recipe.StirFry) { Orders = 3, Clerks = 1, Machines = 0, Style = ClerkStyle.Async }).Minutes);

    [Fact]
    public void The_shop_needs_a_recipe_and_a_known_style()
    {
        Assert.Equal("Recipe", Assert.Throws<ArgumentException>(() => BurgerShop.Model(new ShopSetup(null!) { Orders = 3, Clerks = 1, Machines = 1, Style = ClerkStyle.Sync })).ParamName);
        Assert.Equal("Style", Assert.Throws<ArgumentException>(() => BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 3, Clerks = 1, Machines = 1, Style = (ClerkStyle)7 })).ParamName);
    }

    [Fact]
    public void A_real_run_checks_its_input_at_the_call()
    {
        Assert.Equal("Orders", Assert.Throws<ArgumentException>(() => { _ = BurgerShop.RunAsync(new ShopSetup(Recipe.Burger) { Orders = 0, Clerks = 1, Machines = 1, Style = ClerkStyle.Sync }, TimeSpan.FromMilliseconds(1)); }).ParamName);
        Assert.Contains("FromMilliseconds(100)", Assert.Throws<ArgumentException>(() => { _ = BurgerShop.RunAsync(new ShopSetup(Recipe.Burger) { Orders = 1, Clerks = 1, Machines = 1, Style = ClerkStyle.Sync }, TimeSpan.Zero); }).Message);
    }

    [Fact]
    public void A_real_run_that_would_last_too_long_is_refused_with_its_estimate()
    {
        // 1,000 burgers by one sync clerk: 6,000 shop minutes, 600 s at 100 ms a minute.
        var e = Assert.Throws<ArgumentException>(() => { _ = BurgerShop.RunAsync(new ShopSetup(Recipe.Burger) { Orders = 1000, Clerks = 1, Machines = 1, Style = ClerkStyle.Sync }, TimeSpan.FromMilliseconds(100)); });
        Assert.Contains("600 s", e.Message);
        Assert.Contains("BurgerShop.Model", e.Message);
    }
}

public class BurgerShopRealRunLimitTests
{
    [Fact]
    public void A_real_run_with_more_clerks_than_threads_we_start_points_to_the_model()
    {
        var e = Assert.Throws<ArgumentException>(() => { _ = BurgerShop.RunAsync(new ShopSetup(Recipe.Burger) { Orders = 1, Clerks = 500, Machines = 500, Style = ClerkStyle.Async }, TimeSpan.FromMilliseconds(1)); });
        Assert.Equal("Clerks", e.ParamName);
        Assert.Contains("BurgerShop.Model", e.Message);
    }
}
