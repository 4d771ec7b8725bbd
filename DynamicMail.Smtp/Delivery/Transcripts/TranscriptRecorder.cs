using System.Text;
using MailKit;

namespace DynamicMail.Smtp.Delivery.Transcripts;

/// <summary>
/// MailKit's protocol log of one connection, kept as timestamped lines: the opening (greeting, EHLO, STARTTLS) once,
/// then each transaction. The message body (after 354, or a BDAT chunk) is counted, never kept; what follows AUTH
/// is hidden. Bounded in lines and line length, so a hostile server cannot make it grow.
/// </summary>
internal sealed class TranscriptRecorder(TimeProvider time) : IProtocolLogger
{
    private readonly Lock _gate = new();
    private readonly List<TranscriptLine> _opening = [];
    private readonly List<TranscriptLine> _current = [];
    private readonly StringBuilder _client = new();
    private readonly StringBuilder _server = new();
    private bool _inTransaction;
    private bool _inData;
    private bool _authPending;
    private long _bodyBytes;
    private long _chunkLeft;

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    public void LogConnect(Uri uri) => Note($"connected to {uri.Host}:{uri.Port}");

    /// <summary>A line of DynamicMail's own (a fault, the TLS state).</summary>
    public void Note(string text)
    {
        lock (_gate) { Add("*", text); }
    }

    /// <summary>What follows belongs to a new transaction.</summary>
    public void BeginTransaction()
    {
        lock (_gate)
        {
            _inTransaction = true;
            _current.Clear();
        }
    }

    /// <summary>The opening and the current transaction's lines; the transaction's are handed over (not kept).</summary>
    public List<TranscriptLine> Take()
    {
        lock (_gate)
        {
            EndBody();
            List<TranscriptLine> lines = [.. _opening, .. _current];
            _current.Clear();
            return lines;
        }
    }

    public void LogClient(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            ReadOnlySpan<byte> span = buffer.AsSpan(offset, count);
            while (!span.IsEmpty)
            {
                if (_chunkLeft > 0 || _inData)
                {
                    var body = _inData ? span.Length : (int)Math.Min(_chunkLeft, span.Length);
                    _bodyBytes += body;
                    _chunkLeft -= _inData ? 0 : body;
                    span = span[body..];
                    continue;
                }
                span = TakeLine(span, _client, ClientLine);
            }
        }
    }

    public void LogServer(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            ReadOnlySpan<byte> span = buffer.AsSpan(offset, count);
            while (!span.IsEmpty)
            {
                span = TakeLine(span, _server, ServerLine);
            }
        }
    }

    private static ReadOnlySpan<byte> TakeLine(ReadOnlySpan<byte> span, StringBuilder pending, Action<string> complete)
    {
        var lf = span.IndexOf((byte)'\n');
        var part = lf < 0 ? span : span[..(lf + 1)];
        if (pending.Length < TranscriptLimits.LineLength + 2)
        {
            pending.Append(Encoding.Latin1.GetString(part[..Math.Min(part.Length, TranscriptLimits.LineLength + 2)]));
        }
        if (lf >= 0)
        {
            var line = pending.ToString().TrimEnd('\r', '\n');
            pending.Clear();
            complete(line);
        }
        return span[part.Length..];
    }

    private void ClientLine(string line)
    {
        if (_authPending)
        {
            Add("C", "(credentials hidden)");
            return;
        }
        var words = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        var verb = words.Length > 0 ? words[0].ToUpperInvariant() : "";
        if (verb == "AUTH")
        {
            _authPending = true;
            Add("C", words.Length > 2 ? $"AUTH {words[1]} (credentials hidden)" : line);
            return;
        }
        if (verb == "BDAT" && words.Length > 1 && long.TryParse(words[1], out var size) && size > 0)
        {
            _chunkLeft = size;
        }
        Add("C", line);
    }

    private void ServerLine(string line)
    {
        EndBody();
        Add("S", line);
        var last = line.Length < 4 || line[3] != '-';
        if (_authPending && last && !line.StartsWith("334", StringComparison.Ordinal))
        {
            _authPending = false;
        }
        if (last && line.StartsWith("354", StringComparison.Ordinal))
        {
            _inData = true;
        }
    }

    /// <summary>A body was sent: say how big it was (its content is never kept).</summary>
    private void EndBody()
    {
        if (_bodyBytes > 0 && _chunkLeft == 0)
        {
            Add("C", $"(message body: {_bodyBytes:N0} bytes, not kept)");
            _bodyBytes = 0;
        }
        _inData = false;
    }

    private void Add(string from, string text)
    {
        var lines = _inTransaction ? _current : _opening;
        var max = _inTransaction ? TranscriptLimits.TransactionLines : TranscriptLimits.OpeningLines;
        if (lines.Count > max)
        {
            return;
        }
        var kept = text.Length > TranscriptLimits.LineLength ? text[..TranscriptLimits.LineLength] + "…" : text;
        lines.Add(lines.Count == max
            ? new TranscriptLine { At = time.GetUtcNow().UtcDateTime, From = "*", Text = "(further lines not kept)" }
            : new TranscriptLine { At = time.GetUtcNow().UtcDateTime, From = from, Text = kept });
    }

    public void Dispose()
    {
    }
}
