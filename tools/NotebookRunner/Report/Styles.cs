namespace NotebookRunner.Report;

/// <summary>The CSS of the reports and the gallery: readable, print-friendly, no web fonts (offline).</summary>
internal static class Styles
{
    public const string Page = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #fafafa; color: #222; }
        main { max-width: 1100px; margin: 0 auto; padding: 1.5rem; }
        .run-info { color: #666; font-size: .85rem; }
        .cell { margin: 1rem 0; }
        .cell.code { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: .5rem .75rem; }
        .cell.code.failed, .cell.code.timedout { border-color: #d33; }
        .input { display: flex; gap: .5rem; }
        .prompt { color: #999; font-family: monospace; padding-top: .6rem; }
        pre { overflow-x: auto; background: #f5f5f5; padding: .5rem; border-radius: 4px; margin: .4rem 0; white-space: pre-wrap; }
        .input pre { flex: 1; background: #f0f3f7; }
        .status { color: #888; font-size: .75rem; }
        .output.stderr { background: #fff4f4; }
        .output.error { background: #fde8e8; color: #900; }
        .output.warning { background: #fff8e1; }
        .output.html { overflow-x: auto; }
        table { border-collapse: collapse; }
        td, th { border: 1px solid #ddd; padding: .2rem .5rem; }
        """;
}
