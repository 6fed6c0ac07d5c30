using System.Text.Json;

namespace ConcurrencyLab;

/// <summary>
/// The player's script (player.js) and styles (player.css), plain JavaScript with no library and no network. It
/// runs once per fragment with <c>root</c> set to its own element, so players on one page (or added to it later, as
/// notebook editors add outputs) never share state. All text goes in through <c>textContent</c>, never as markup.
/// </summary>
internal static class PlayerScript
{
    /// <summary>The styles as a JavaScript string <c>CSS</c>, then the script that puts them in the player.</summary>
    public static readonly string Source =
        "var CSS = " + JsonSerializer.Serialize(EmbeddedScript.Read("player.css")) + ";\n" + EmbeddedScript.Read("player.js");
}
