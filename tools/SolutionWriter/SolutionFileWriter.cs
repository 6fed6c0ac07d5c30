namespace SolutionWriter;

/// <summary>
/// Writes solutions, and only solutions: the target must be a file directly in notebooks/solutions/, that folder must
/// not be (a link to) the lessons' folder, and the file must not be (a link to) a lesson. A file is replaced whole
/// (written beside it, then moved over it), so a reader never sees half a notebook; a file that already holds the text
/// is left untouched.
/// </summary>
internal static class SolutionFileWriter
{
    /// <summary>Writes the file if its text differs; returns whether it did.</summary>
    public static bool Write(string root, SolutionFile file)
    {
        var target = Path.GetFullPath(Path.Combine(root, file.Solution));
        EnsureIsNoLesson(root, target);
        if (file.IsUpToDate(root)) return false;
        var temporary = target + ".writing";
        File.WriteAllText(temporary, file.Text); // UTF-8 without a byte order mark, as nbformat writes
        File.Move(temporary, target, overwrite: true);
        return true;
    }

    private static void EnsureIsNoLesson(string root, string target)
    {
        var solutionsFolder = Path.GetFullPath(Path.Combine(root, SolutionSet.SolutionsFolder));
        var lessonsFolder = Path.GetFullPath(Path.Combine(root, SolutionSet.LessonsFolder));
        var lessons = SolutionSet.Lessons(root).Select(l => Path.GetFullPath(Path.Combine(root, l))).ToHashSet(StringComparer.Ordinal);
        if (Path.GetDirectoryName(target) != solutionsFolder) Refuse(target);

        Directory.CreateDirectory(solutionsFolder);
        var realFolder = Directory.ResolveLinkTarget(solutionsFolder, returnFinalTarget: true)?.FullName ?? solutionsFolder;
        if (Path.TrimEndingDirectorySeparator(Path.GetFullPath(realFolder)) == lessonsFolder) Refuse(target);
        var realTarget = File.Exists(target) ? File.ResolveLinkTarget(target, returnFinalTarget: true)?.FullName ?? target : target;
        if (lessons.Contains(target) || lessons.Contains(Path.GetFullPath(realTarget))) Refuse(target);
    }

    private static void Refuse(string target) =>
        throw new InvalidOperationException($"refusing to write {target}: solutions are written only to {SolutionSet.SolutionsFolder}/, never over a lesson.");
}
