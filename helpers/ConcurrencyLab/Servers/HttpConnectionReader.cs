using System.Text;

namespace ConcurrencyLab;

/// <summary>
/// Reads requests one after another from a kept-alive connection: the head up to the blank line, then the
/// body by Content-Length. Bytes read past a request stay buffered for the next one (pipelining).
/// </summary>
internal sealed class HttpConnectionReader(Stream stream)
{
    /// <summary>A head longer than this is refused (431) instead of being buffered without bound.</summary>
    public const int MaxHead = 16 * 1024;

    private readonly byte[] _buffer = new byte[MaxHead];
    private int _start;
    private int _end;

    /// <summary>What reading a head gave.</summary>
    internal enum Outcome { Head, Closed, TooLarge }

    /// <summary>
    /// Reads up to and including the blank line. <see cref="Outcome.Closed"/> when the peer closed the
    /// connection (before or during a head: either way there is nobody to answer).
    /// </summary>
    public async Task<(Outcome Outcome, string Head)> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // Heads are small (at most MaxHead), so rescanning from the start of the head is cheap and simple.
            var end = IndexOfBlankLine();
            if (end >= 0)
            {
                var head = Encoding.Latin1.GetString(_buffer, _start, end - _start);
                _start = end + 4;
                return (Outcome.Head, head);
            }
            if (!MakeRoom()) return (Outcome.TooLarge, "");
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0) return (Outcome.Closed, "");
            _end += read;
        }
    }

    /// <summary>Reads and drops <paramref name="length"/> body bytes; false if the peer closed first.</summary>
    public async Task<bool> SkipBodyAsync(int length, CancellationToken cancellationToken)
    {
        var buffered = Math.Min(length, _end - _start);
        _start += buffered;
        length -= buffered;
        var scratch = length > 0 ? new byte[Math.Min(length, 8192)] : [];
        while (length > 0)
        {
            var read = await stream.ReadAsync(scratch.AsMemory(0, Math.Min(length, scratch.Length)), cancellationToken).ConfigureAwait(false);
            if (read == 0) return false;
            length -= read;
        }
        return true;
    }

    private int IndexOfBlankLine()
    {
        var at = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
        return at < 0 ? -1 : _start + at;
    }

    // Moves unread bytes to the front when the buffer's tail is full; false if a head fills the whole buffer.
    private bool MakeRoom()
    {
        if (_start == _end) _start = _end = 0; // everything consumed: reuse the whole buffer
        if (_end < _buffer.Length) return true;
        if (_start == 0) return false;
        var unread = _end - _start;
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
        _start = 0;
        _end = unread;
        return true;
    }
}
