using System.Text.Json.Nodes;
using SolutionWriter;

namespace Workshop.Tests.Solutions;

/// <summary>The generator writes JSON byte for byte as nbformat (and so every committed notebook) does.</summary>
public class NbformatJsonWriterTests
{
    public static TheoryData<string> CommittedNotebooks() => new(
        Directory.GetFiles(RepoPaths.Combine("notebooks"), "*.ipynb", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p).Replace('\\', '/')).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(CommittedNotebooks))]
    public void A_committed_notebook_reads_and_writes_back_byte_for_byte(string notebook)
    {
        var text = File.ReadAllText(RepoPaths.Combine(notebook));

        Assert.True(text == NbformatJsonWriter.Write(JsonNode.Parse(text)), $"{notebook} is not written back as it is stored.");
    }

    [Fact]
    public void Strings_are_escaped_as_pythons_json_escapes_them_with_non_ascii_kept()
    {
        var json = NbformatJsonWriter.Write(new JsonObject
        {
            ["text"] = "quote \" backslash \\ newline \n tab \t bell \u0007 é · ← \u2028 😀",
            ["empty"] = new JsonArray(),
            ["a"] = 1.5,
            ["none"] = null,
        });

        Assert.Equal("{\n \"a\": 1.5,\n \"empty\": [],\n \"none\": null,\n \"text\": \"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 é · ← \u2028 😀\"\n}\n", json);
    }
}
