namespace ConcurrencyLab;

/// <summary>How a clerk works through one order.</summary>
public enum ClerkStyle
{
    /// <summary>
    /// Does the steps one after another in the recipe's order and stands at the machine while it works
    /// (a thread blocked on synchronous I/O).
    /// </summary>
    Sync,

    /// <summary>
    /// Starts every machine step of the order first (they run side by side, one station each), then does the
    /// hand steps while the machine works; the order is done when all its steps are (awaited I/O).
    /// </summary>
    Async,
}
