namespace ConcurrencyLab;

// The shop as a server: a counter where customers queue, clerks take orders, and machines (the kitchen) cook.
public static partial class BurgerShop
{
    /// <summary>
    /// The shop as a server, in virtual minutes: the rules of <see cref="Model"/>, except that an async clerk
    /// takes the next order as soon as his hand steps for the current one are done; its machine steps finish
    /// without him (the order is done when they are). That is an async server: its thread takes the next request
    /// while the first one's I/O is pending. A sync clerk is as in <see cref="Model"/>: he stands at the machine
    /// until it is done, as a thread that blocks on I/O is held for the whole request.
    /// </summary>
    /// <example><code>BurgerShop.ModelServer(new ShopSetup(order) { Orders = 60, Clerks = 1, Machines = 8, Style = ClerkStyle.Async })</code></example>
    /// <exception cref="ArgumentException">As for <see cref="Model"/>; the message says what to change.</exception>
    public static ShopResult ModelServer(ShopSetup setup) => ShopModel.Run(ShopPlan.Check(setup), asServer: true);
}
