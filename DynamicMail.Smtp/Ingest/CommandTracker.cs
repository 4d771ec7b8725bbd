using System.Text;

namespace DynamicMail.Smtp.Ingest;

/// <summary>
/// Follows the client's side of one SMTP conversation at the byte level: which command each reply answers,
/// where DATA starts and ends, over-long command lines, and the size of the message being sent. It also
/// rewrites the one command the library cannot parse but RFC 5321 §4.5.1 requires: RCPT TO:&lt;postmaster&gt;,
/// and keeps AUTH from the library altogether (the MX never authenticates anyone, before or after TLS).
/// After a DATA or STARTTLS line nothing more is passed on until the server has answered it (RFC 2920 lets
/// DATA end a pipelined group): on 354 what follows is message content, on 220 to STARTTLS it is thrown away
/// (CVE-2011-0411), on any other reply it is read as commands. No body byte is ever read as a command.
/// </summary>
internal sealed class CommandTracker(string hostname, int maxCommandLength, long maxMessageSize)
{
    public const string TooLongVerb = "TOOLONG";
    private static readonly byte[] TooLongLine = "XTOOLONG\r\n"u8.ToArray();
    private readonly Queue<string> _verbs = new();
    private readonly Lock _gate = new();
    private byte[] _line = new byte[Math.Min(maxCommandLength + 1, 1024)];
    private int _lineLength;
    private DataDecoder? _data;
    private bool _discarding;

    /// <summary>True when the last DATA went over the size limit; its tail was not passed on.</summary>
    public bool Oversized { get; private set; }

    /// <summary>The DATA or STARTTLS whose reply must come before another input byte is looked at.</summary>
    public string? Awaiting { get; private set; }

    /// <summary>
    /// Processes bytes read from the client, writing what the SMTP library should see; returns how many were
    /// consumed. It stops after a DATA or STARTTLS line: the rest waits for <see cref="Answered"/>.
    /// </summary>
    public int Inspect(ReadOnlySpan<byte> input, ref ConversationOutput output)
    {
        lock (_gate)
        {
            var i = 0;
            while (i < input.Length && Awaiting is null)
            {
                if (_data is null)
                {
                    i += Command(input[i..], ref output);
                    continue;
                }
                var (consumed, ended) = _data.Decode(input[i..], ref output);
                i += consumed;
                if (ended)
                {
                    Oversized = _data.Oversized;
                    _data = null;
                }
            }
            return i;
        }
    }

    /// <summary>The command a final reply answers (null for the greeting).</summary>
    public string? NextAnswered()
    {
        lock (_gate) { return _verbs.Count > 0 ? _verbs.Dequeue() : null; }
    }

    public string? Peek()
    {
        lock (_gate) { return _verbs.Count > 0 ? _verbs.Peek() : null; }
    }

    /// <summary>The server answered the awaited command: 354 starts message content; anything else, commands again.</summary>
    /// <returns>True when the bytes held back must be thrown away (STARTTLS accepted).</returns>
    public bool Answered(string code)
    {
        lock (_gate)
        {
            var awaited = Awaiting;
            Awaiting = null;
            if (awaited == "DATA" && code == "354")
            {
                _data = new DataDecoder(maxMessageSize);
                Oversized = false;
            }
            return awaited == "STARTTLS" && code == "220";
        }
    }

    /// <summary>Takes command bytes up to and including one line end; returns how many it took.</summary>
    private int Command(ReadOnlySpan<byte> input, ref ConversationOutput output)
    {
        var newline = input.IndexOf((byte)'\n');
        if (_discarding)
        {
            if (newline < 0)
            {
                return input.Length;
            }
            _discarding = false;
            _verbs.Enqueue(TooLongVerb);
            output.Write(TooLongLine);
            return newline + 1;
        }
        var before = newline < 0 ? input.Length : newline;
        if (_lineLength + before > maxCommandLength)
        {
            // The byte that makes the line one longer than allowed starts the discarding, up to the next line end.
            var taken = maxCommandLength - _lineLength + 1;
            _lineLength = 0;
            _discarding = true;
            return taken;
        }
        var take = newline < 0 ? input.Length : newline + 1;
        if (_lineLength + take > _line.Length)
        {
            Array.Resize(ref _line, Math.Max(_line.Length * 2, _lineLength + take));
        }
        input[..take].CopyTo(_line.AsSpan(_lineLength));
        _lineLength += take;
        if (newline >= 0)
        {
            EndCommandLine(ref output);
        }
        return take;
    }

    private void EndCommandLine(ref ConversationOutput output)
    {
        var text = Encoding.Latin1.GetString(_line.AsSpan(0, _lineLength)).TrimEnd('\r', '\n');
        _lineLength = 0;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? text : text[..space]).ToUpperInvariant();
        _verbs.Enqueue(verb);
        if (verb == "RCPT" && IsBarePostmaster(text))
        {
            text = "RCPT TO:<postmaster@" + hostname + ">";
        }
        else if (verb == "AUTH")
        {
            text = "XAUTH"; // never reaches the library's AUTH (it accepts any password by default): 503, see ReplyRewriter
        }
        output.Write(Encoding.Latin1.GetBytes(text + "\r\n"));
        if (verb is "DATA" or "STARTTLS")
        {
            Awaiting = verb;
        }
    }

    private static bool IsBarePostmaster(string line) =>
        line.Replace(" ", "", StringComparison.Ordinal).Equals("RCPTTO:<postmaster>", StringComparison.OrdinalIgnoreCase);
}
