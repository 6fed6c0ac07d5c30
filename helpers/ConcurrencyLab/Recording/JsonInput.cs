using System.Text.Json;

namespace ConcurrencyLab;

/// <summary>Parsing JSON handed over by a user or another program: text that is not JSON is a <see cref="FormatException"/>
/// that says what was expected, never a <see cref="JsonException"/> from inside the library.</summary>
internal static class JsonInput
{
    /// <summary>The parsed document (the caller disposes it). Invalid JSON throws "<paramref name="what"/> is not valid
    /// JSON (the parser's reason). <paramref name="whatToPass"/>".</summary>
    public static JsonDocument Parse(string json, string what, string whatToPass)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{what} is not valid JSON ({e.Message}). {whatToPass}", e);
        }
    }
}
