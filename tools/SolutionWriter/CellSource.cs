using System.Text.Json.Nodes;

namespace SolutionWriter;

/// <summary>
/// A cell's "source" as lines, each ending with "\n" but the last (nbformat's list form). A source stored as one
/// string is read as lines and written back as one string, so the form a cell had is the form it keeps.
/// </summary>
internal static class CellSource
{
    public static bool IsValid(JsonNode? source) => source switch
    {
        JsonValue value => value.TryGetValue<string>(out _),
        JsonArray lines => lines.All(l => l is JsonValue line && line.TryGetValue<string>(out _)),
        _ => false,
    };

    public static IReadOnlyList<string> Lines(JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => lines.Select(l => l!.GetValue<string>()).ToList(),
        JsonValue text => Split(text.GetValue<string>()),
        _ => [],
    };

    public static void Replace(JsonObject cell, IReadOnlyList<string> lines) =>
        cell["source"] = cell["source"] is JsonValue
            ? JsonValue.Create(string.Concat(lines))
            : new JsonArray(lines.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());

    public static string FirstLine(JsonObject cell) =>
        CellSource.IsValid(cell["source"]) ? Lines(cell).FirstOrDefault()?.TrimEnd('\n') ?? "" : "";

    public static List<string> Split(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }
}
