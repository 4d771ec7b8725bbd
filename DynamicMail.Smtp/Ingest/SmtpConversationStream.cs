using System.Text;

namespace DynamicMail.Smtp.Ingest;

/// <summary>
/// Sits between the socket and the SMTP library. Inbound: idle timeout, command-line limit, DATA size limit
/// (see <see cref="CommandTracker"/>). Outbound: enhanced status codes on every reply (see <see cref="ReplyRewriter"/>),
/// and a 421 before the library hangs up after too many errors.
/// </summary>
internal sealed class SmtpConversationStream(Stream inner, SmtpOptions options) : Stream
{
    private readonly string _hostname = options.EffectiveHostname;
    private readonly PendingBytes _pendingIn = new();
    private readonly StringBuilder _pendingOut = new();
    private readonly ErrorCount _errors = new(options.MaxErrors);
    private byte[] _readBuffer = new byte[16384];
    private int _rawOffset;
    private int _rawCount;
    private bool _closing;
    private CancellationTokenSource? _idle;
    private CancellationToken _idleParent;

    public CommandTracker Tracker { get; } = new(options.EffectiveHostname, options.MaxCommandLength, options.MaxMessageSize);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_pendingIn.Count > 0)
            {
                return _pendingIn.Drain(buffer.Span);
            }
            if (_closing)
            {
                return 0;
            }
            if (_rawOffset >= _rawCount)
            {
                _rawOffset = 0;
                _rawCount = await ReadWithIdleTimeoutAsync(cancellationToken).ConfigureAwait(false);
                if (_rawCount == 0)
                {
                    return 0;
                }
            }
            if (Tracker.Awaiting is { } awaited)
            {
                // The library reads before answering DATA or STARTTLS: it never does; if it did, read on as commands.
                Tracker.Answered(awaited == "DATA" ? "503" : "454");
            }
            var written = Decode(buffer.Span);
            if (written > 0)
            {
                return written;
            }
        }
    }

    /// <summary>Decodes what was read into the library's buffer (the rest into <see cref="PendingBytes"/>).</summary>
    private int Decode(Span<byte> target)
    {
        var output = new ConversationOutput(target, _pendingIn);
        _rawOffset += Tracker.Inspect(_readBuffer.AsSpan(_rawOffset, _rawCount - _rawOffset), ref output);
        return output.Written;
    }

    /// <summary>One idle timer per session, re-armed for each read (not a new linked source and timer per read).</summary>
    private async Task<int> ReadWithIdleTimeoutAsync(CancellationToken cancellationToken)
    {
        if (_idle is null || _idleParent != cancellationToken || !_idle.TryReset())
        {
            _idle?.Dispose();
            _idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _idleParent = cancellationToken;
        }
        _idle.CancelAfter(options.IdleTimeout);
        try
        {
            return await inner.ReadAsync(_readBuffer, _idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await WriteRawAsync($"421 4.4.2 {_hostname} Idle timeout, closing connection\r\n", CancellationToken.None).ConfigureAwait(false);
            return 0;
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _pendingOut.Append(Encoding.Latin1.GetString(buffer.Span));
        var text = _pendingOut.ToString();
        var end = text.LastIndexOf('\n');
        if (end < 0)
        {
            return;
        }
        _pendingOut.Remove(0, end + 1);
        var rewritten = new StringBuilder();
        foreach (var line in text[..(end + 1)].Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            rewritten.Append(RewriteLine(line)).Append("\r\n");
        }
        await WriteRawAsync(rewritten.ToString(), cancellationToken).ConfigureAwait(false);
    }

    private string RewriteLine(string line)
    {
        var final = line.Length < 4 || line[3] != '-';
        if (line.StartsWith("354", StringComparison.Ordinal))
        {
            Tracker.Answered("354");
            return line;
        }
        var verb = final ? Tracker.NextAnswered() : Tracker.Peek();
        if (final && verb is not null && verb == Tracker.Awaiting && Tracker.Answered(line[..Math.Min(3, line.Length)]))
        {
            _rawOffset = _rawCount; // pipelined after STARTTLS: never executed inside TLS
        }
        var reply = ReplyRewriter.Rewrite(line, verb, _hostname);
        if (final && verb is not null && _errors.Count(reply))
        {
            _closing = true;
            return reply + $"\r\n421 4.7.0 {_hostname} Too many errors, closing connection";
        }
        return reply;
    }

    private async Task WriteRawAsync(string text, CancellationToken cancellationToken)
    {
        await inner.WriteAsync(Encoding.Latin1.GetBytes(text), cancellationToken).ConfigureAwait(false);
        await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();
    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _idle?.Dispose();
            _readBuffer = [];
        }
        base.Dispose(disposing);
    }
}
