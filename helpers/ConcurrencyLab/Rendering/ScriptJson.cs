using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ConcurrencyLab;

/// <summary>
/// JSON for a &lt;script&gt; element, written by hand with a <see cref="Utf8JsonWriter"/>: the default encoder writes
/// &lt; &gt; &amp; ' + and every non-ASCII character (U+2028 and U+2029 included) as \uXXXX, so no user string can
/// close the script (<c>&lt;/script&gt;</c>), open an HTML comment (<c>&lt;!--</c>) or break a JavaScript string.
/// </summary>
internal static class ScriptJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Default, Indented = false };

    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
            write(writer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
