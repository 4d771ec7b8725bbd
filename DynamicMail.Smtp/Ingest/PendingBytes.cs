namespace DynamicMail.Smtp.Ingest;

/// <summary>
/// Bytes decoded for the SMTP library that did not fit the buffer it offered (a command line rewritten longer, a
/// few bytes of line-end normalisation); handed out first on its next read.
/// </summary>
internal sealed class PendingBytes
{
    private byte[] _buffer = [];
    private int _start;
    private int _count;

    public int Count => _count;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_count == 0)
        {
            _start = 0;
        }
        if (_start + _count + bytes.Length > _buffer.Length)
        {
            var grown = new byte[Math.Max(256, (_count + bytes.Length) * 2)];
            _buffer.AsSpan(_start, _count).CopyTo(grown);
            _buffer = grown;
            _start = 0;
        }
        bytes.CopyTo(_buffer.AsSpan(_start + _count));
        _count += bytes.Length;
    }

    /// <summary>Moves as many bytes as fit into <paramref name="destination"/>; returns how many.</summary>
    public int Drain(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, _count);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        _start += n;
        _count -= n;
        return n;
    }
}
