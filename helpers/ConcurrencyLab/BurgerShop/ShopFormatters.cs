namespace ConcurrencyLab;

/// <summary>
/// Draws a <see cref="ShopResult"/> as its Gantt chart when it is the last expression of a notebook cell, so a
/// learner who types <c>BurgerShop.Model(...)</c> sees the shop at work (see <see cref="TypeFormatterSourceAttribute"/>
/// for how the kernel finds these members by name).
/// </summary>
internal sealed class ShopFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new ShopFormatter("text/html"),
        new ShopFormatter("text/plain"),
    ];
}

internal sealed class ShopFormatter(string mimeType)
{
    public string MimeType { get; } = mimeType;

    public bool Format(object instance, TextWriter writer)
    {
        if (instance is not ShopResult shop) return false;
        var chart = shop.ToGantt();
        writer.Write(MimeType == "text/html" ? chart.ToHtml() : chart.ToText());
        return true;
    }
}
