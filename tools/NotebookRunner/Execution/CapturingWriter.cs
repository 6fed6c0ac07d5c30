using System.Text;

namespace NotebookRunner.Execution;

/// <summary>
/// Installed as Console.Out / Console.Error while a notebook runs: sends every write, from any thread, to
/// the cell running at that moment. Writes between cells (a background thread that outlived its cell) are
/// dropped rather than mixed into the runner's own progress lines.
/// </summary>
internal sealed class CapturingWriter(string stream) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => CellContext.Current?.Write(stream, value.ToString());
    public override void Write(string? value) { if (value is not null) CellContext.Current?.Write(stream, value); }
    public override void Write(char[] buffer, int index, int count) => CellContext.Current?.Write(stream, new string(buffer, index, count));
    public override void Write(ReadOnlySpan<char> buffer) => CellContext.Current?.Write(stream, new string(buffer));
    public override void WriteLine(string? value) => CellContext.Current?.Write(stream, (value ?? "") + NewLine);
    public override void WriteLine() => CellContext.Current?.Write(stream, NewLine);
}
