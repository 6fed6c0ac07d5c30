namespace ConcurrencyLab;

/// <summary>
/// The request line and headers of one HTTP/1.x request, or why they could not be understood. Only what
/// the demo servers need: no chunked bodies, no continuation lines.
/// </summary>
internal sealed record HttpRequestHead(string Method, string Target, string Version, IReadOnlyDictionary<string, string> Headers, int ContentLength)
{
    /// <summary>The largest body a demo request may carry; the servers read and ignore it.</summary>
    public const int MaxBody = 1 << 20;

    /// <summary>HTTP/1.1 keeps the connection open unless told otherwise; HTTP/1.0 only when asked.</summary>
    public bool KeepAlive
    {
        get
        {
            Headers.TryGetValue("connection", out var connection);
            connection ??= "";
            return Version == "HTTP/1.1"
                ? !connection.Contains("close", StringComparison.OrdinalIgnoreCase)
                : connection.Contains("keep-alive", StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Parses the text before the blank line; on failure returns null and the status and reason to answer with.</summary>
    public static HttpRequestHead? TryParse(string head, out int errorStatus, out string errorReason)
    {
        errorStatus = 400;
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || !parts[0].All(char.IsAsciiLetterUpper))
        {
            errorReason = "The request line must be 'METHOD /path HTTP/1.1'.";
            return null;
        }
        if (!parts[1].StartsWith('/'))
        {
            errorReason = "The request target must be a path starting with '/'.";
            return null;
        }
        if (parts[2] is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            errorStatus = 505;
            errorReason = "Only HTTP/1.0 and HTTP/1.1 are served here.";
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0 || line[..colon].Any(c => c is ' ' or '\t'))
            {
                errorReason = "Every header line must be 'Name: value'.";
                return null;
            }
            var name = line[..colon].ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (headers.TryGetValue(name, out var earlier))
            {
                if (name == "content-length" && earlier != value)
                {
                    errorReason = "Two different Content-Length headers.";
                    return null;
                }
                headers[name] = earlier + ", " + value;
            }
            else
            {
                headers[name] = value;
            }
        }

        if (headers.ContainsKey("transfer-encoding"))
        {
            errorStatus = 501;
            errorReason = "Chunked request bodies are not supported by this demo server; send Content-Length.";
            return null;
        }
        var length = 0;
        if (headers.TryGetValue("content-length", out var text)
            && (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length) || length > MaxBody))
        {
            errorReason = $"Content-Length must be a whole number of bytes up to {MaxBody}.";
            return null;
        }

        errorStatus = 0;
        errorReason = "";
        return new HttpRequestHead(parts[0], parts[1], parts[2], headers, length);
    }
}
