using System.Text;

namespace DynamicMail.Smtp.Odmr;

/// <summary>
/// Reads CRLF-terminated command lines of bounded length and writes replies, over a stream that can be swapped
/// for its TLS form. A line longer than the limit is consumed and reported as <see cref="TooLong"/>.
/// </summary>
internal sealed class LineChannel(Stream stream, int maxLine, TimeSpan idle)
{
    public const string TooLong = "\u0000TOOLONG";
    private readonly byte[] _buffer = new byte[4096];
    private readonly List<byte> _line = [];
    private int _offset;
    private int _count;

    public Stream Stream { get; private set; } = stream;

    /// <summary>Next line without its line end; null when the client closed or was silent for too long.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.Clear();
        var tooLong = false;
        while (true)
        {
            if (_offset >= _count && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
            var b = _buffer[_offset++];
            if (b == '\n')
            {
                return tooLong ? TooLong : Encoding.Latin1.GetString(_line.ToArray()).TrimEnd('\r');
            }
            if (_line.Count >= maxLine) { tooLong = true; _line.Clear(); }
            _line.Add(b);
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(idle);
        try
        {
            _count = await Stream.ReadAsync(_buffer, timeout.Token).ConfigureAwait(false);
            _offset = 0;
            return _count > 0;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await WriteAsync("421 4.4.2 Idle timeout, closing connection", CancellationToken.None).ConfigureAwait(false);
            return false;
        }
    }

    public async Task WriteAsync(string reply, CancellationToken cancellationToken)
    {
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), cancellationToken).ConfigureAwait(false);
        await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the stream (after STARTTLS), throwing away whatever was pipelined in clear.</summary>
    public void Secure(Stream tls)
    {
        Stream = tls;
        _offset = _count = 0;
    }

    /// <summary>True when the client sent more than the line just read (pipelining where it is not allowed).</summary>
    public bool HasPending => _offset < _count;
}
