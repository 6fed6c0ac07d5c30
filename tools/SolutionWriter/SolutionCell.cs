using System.Text.Json.Nodes;

namespace SolutionWriter;

/// <summary>
/// A cell that exists only in the solution, as a lesson cell's metadata holds it: a cell_type (code or markdown), its
/// source as a list of lines, and metadata only where it differs from what the cell would get anyway (a code cell
/// takes the kernel of the lesson cell it belongs to, a markdown cell none).
/// </summary>
internal sealed record SolutionCell(string CellType, IReadOnlyList<string> Source, JsonObject? Metadata);
