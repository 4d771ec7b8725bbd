namespace DynamicMail.Smtp.Delivery;

/// <summary>
/// The socket stream under MailKit, bounding what a remote SMTP server can make us read (RFC 5321 §4.5.3.1 allows
/// 512 octets a line; this is generous but finite): a line over <see cref="MaxLine"/> octets or a reply over
/// <see cref="MaxReply"/> ends the connection with <see cref="ReplyTooLongException"/>. Once the conversation is
/// encrypted (after STARTTLS, or from the start) lines cannot be seen, so everything read between two of our writes
/// is bounded by <see cref="MaxEncryptedBurst"/> instead.
/// </summary>
internal sealed class BoundedReplyStream(Stream inner, bool encrypted = false) : Stream
{
    public const int MaxLine = 4 * 1024;
    public const int MaxReply = 64 * 1024;
    public const int MaxEncryptedBurst = 1024 * 1024;
    private static readonly byte[] StartTls = "STARTTLS\r\n"u8.ToArray();
    private bool _encrypted = encrypted;
    private bool _startTlsSent;
    private long _sinceWrite;
    private int _line;
    private int _reply;
    private byte _fourth;

    /// <summary>The server closed the connection (a read returned nothing): a hang-up, not a malformed reply.</summary>
    public bool RemoteClosed { get; private set; }

    private const int HeadLimit = 2048;
    private readonly System.Text.StringBuilder _head = new();

    /// <summary>The first clear-text bytes the server sent (its greeting and first EHLO reply), for <see cref="ServerNames"/>.</summary>
    public string Head => _head.ToString();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override bool CanTimeout => inner.CanTimeout;
    public override int ReadTimeout { get => inner.ReadTimeout; set => inner.ReadTimeout = value; }
    public override int WriteTimeout { get => inner.WriteTimeout; set => inner.WriteTimeout = value; }
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Inspect(buffer[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Inspect(buffer.Span[..n]);
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Wrote(buffer);
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Wrote(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    private void Wrote(ReadOnlySpan<byte> buffer)
    {
        _sinceWrite = 0;
        _startTlsSent |= !_encrypted && buffer.EndsWith(StartTls) && (buffer.Length == StartTls.Length || buffer[^(StartTls.Length + 1)] == '\n');
    }

    private void Inspect(ReadOnlySpan<byte> data)
    {
        RemoteClosed |= data.Length == 0;
        _sinceWrite += data.Length;
        if (_encrypted)
        {
            if (_sinceWrite > MaxEncryptedBurst)
            {
                throw new ReplyTooLongException($"The server sent more than {MaxEncryptedBurst} bytes without being asked anything.");
            }
            return;
        }
        foreach (var b in data)
        {
            if (_head.Length < HeadLimit)
            {
                _head.Append(b is >= 32 and < 127 or (byte)'\n' or (byte)'\r' ? (char)b : '?');
            }
            if (_line == 3)
            {
                _fourth = b;
            }
            _line++;
            _reply++;
            if (b == '\n')
            {
                EndOfLine();
                if (_encrypted)
                {
                    return;
                }
            }
            else if (_line > MaxLine)
            {
                throw new ReplyTooLongException($"The server sent a reply line longer than {MaxLine} bytes.");
            }
            if (_reply > MaxReply)
            {
                throw new ReplyTooLongException($"The server sent a reply longer than {MaxReply} bytes.");
            }
        }
    }

    /// <summary>A line ended: a last line ("250 ok", not "250-more") ends the reply; STARTTLS's reply starts TLS.</summary>
    private void EndOfLine()
    {
        var last = _fourth != '-';
        _line = 0;
        _fourth = 0;
        if (last)
        {
            _reply = 0;
            _encrypted |= _startTlsSent;
        }
    }
}
