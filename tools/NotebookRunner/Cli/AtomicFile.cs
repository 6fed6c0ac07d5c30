namespace NotebookRunner.Cli;

/// <summary>Writes a file so that readers see the old content or the new, never half of it.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string content)
    {
        var directory = Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!).FullName;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, content);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
