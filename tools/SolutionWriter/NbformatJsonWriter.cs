using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SolutionWriter;

/// <summary>
/// Writes JSON exactly as Jupyter's nbformat does (Python's <c>json.dumps(nb, indent=1, sort_keys=True,
/// ensure_ascii=False)</c> plus a final newline), which is how every committed notebook is stored: one space per level,
/// keys in ordinal order, non-ASCII characters as they are, numbers as they were read. The same tree always gives the
/// same bytes.
/// </summary>
internal static class NbformatJsonWriter
{
    public static string Write(JsonNode? root)
    {
        var text = new StringBuilder();
        WriteNode(text, root, level: 0);
        return text.Append('\n').ToString();
    }

    private static void WriteNode(StringBuilder text, JsonNode? node, int level)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                WriteObject(text, obj, level);
                break;
            case JsonArray array:
                WriteArray(text, array, level);
                break;
            case JsonValue value:
                WriteValue(text, value);
                break;
        }
    }

    private static void WriteObject(StringBuilder text, JsonObject obj, int level)
    {
        if (obj.Count == 0)
        {
            text.Append("{}");
            return;
        }
        text.Append('{');
        var first = true;
        foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(first ? "\n" : ",\n").Append(' ', level + 1);
            first = false;
            WriteString(text, key);
            text.Append(": ");
            WriteNode(text, value, level + 1);
        }
        text.Append('\n').Append(' ', level).Append('}');
    }

    private static void WriteArray(StringBuilder text, JsonArray array, int level)
    {
        if (array.Count == 0)
        {
            text.Append("[]");
            return;
        }
        text.Append('[');
        for (var i = 0; i < array.Count; i++)
        {
            text.Append(i == 0 ? "\n" : ",\n").Append(' ', level + 1);
            WriteNode(text, array[i], level + 1);
        }
        text.Append('\n').Append(' ', level).Append(']');
    }

    private static void WriteValue(StringBuilder text, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(text, value.GetValue<string>());
                break;
            case JsonValueKind.Number:
                // A number read from a file keeps its text; one made in code is written as .NET writes it.
                text.Append(value.TryGetValue<JsonElement>(out var element) ? element.GetRawText() : value.ToJsonString());
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    /// <summary>Python's escaping with ensure_ascii=False: quote, backslash and control characters only.</summary>
    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                default:
                    if (c < ' ' || IsLoneSurrogate(value, i))
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        text.Append(c);
                    break;
            }
        }
        text.Append('"');
    }

    // UTF-8 cannot carry half a surrogate pair: it stays escaped, so the text reads back as it was.
    private static bool IsLoneSurrogate(string value, int i) =>
        char.IsHighSurrogate(value[i]) ? i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])
        : char.IsLowSurrogate(value[i]) && (i == 0 || !char.IsHighSurrogate(value[i - 1]));
}
