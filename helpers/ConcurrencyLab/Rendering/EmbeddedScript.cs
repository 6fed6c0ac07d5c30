namespace ConcurrencyLab;

/// <summary>
/// The scripts and styles the HTML fragments carry, kept as <c>.js</c> and <c>.css</c> files in the library's folders
/// and embedded in the assembly (named by file name, see the project file). A file may start with one
/// <c>/* … */</c> comment that documents it: that header is not shipped, nor are trailing line breaks, so the text
/// a fragment carries is exactly the code. Callers read each file once, into a static field.
/// </summary>
internal static class EmbeddedScript
{
    public static string Read(string fileName)
    {
        using var stream = typeof(EmbeddedScript).Assembly.GetManifestResourceStream("ConcurrencyLab." + fileName)
            ?? throw new InvalidOperationException($"The helpers were built without the embedded file {fileName}: rebuild with dotnet build helpers/ConcurrencyLab.");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        if (text.StartsWith("/*", StringComparison.Ordinal))
        {
            var end = text.IndexOf("*/", StringComparison.Ordinal);
            if (end < 0) throw new InvalidOperationException($"The header comment of {fileName} is never closed.");
            text = text[(end + 2)..].TrimStart('\n');
        }
        return text.TrimEnd('\n');
    }
}
