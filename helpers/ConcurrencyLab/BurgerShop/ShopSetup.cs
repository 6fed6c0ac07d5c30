namespace ConcurrencyLab;

/// <summary>
/// What a burger shop is asked to do: the recipe, how many orders, and the staff. Named settings with defaults
/// (one order, one sync clerk, one machine), so a cell says what it changes, and <c>with</c> varies one shop:
/// <c>shop with { Clerks = 3, Machines = 3 }</c>.
/// </summary>
/// <param name="Recipe">What every order is made of, e.g. <see cref="Recipe.Burger"/>.</param>
/// <example><code>
/// var oneSync = BurgerShop.Model(new ShopSetup(Recipe.Burger) { Orders = 3, Style = ClerkStyle.Sync });
/// </code></example>
public sealed record ShopSetup(Recipe Recipe)
{
    /// <summary>How many orders the shop makes (at least 1).</summary>
    public int Orders { get; init; } = 1;

    /// <summary>How many clerks work at once (at least 1).</summary>
    public int Clerks { get; init; } = 1;

    /// <summary>How many machines the shop has (0 only for a recipe done all by hand).</summary>
    public int Machines { get; init; } = 1;

    /// <summary>How every clerk works: <see cref="ClerkStyle.Sync"/> or <see cref="ClerkStyle.Async"/>.</summary>
    public ClerkStyle Style { get; init; } = ClerkStyle.Sync;
}
