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
    private readonly List<byte> _line = [];
    private readonly Lock _gate = new();
    private DataDecoder? _data;
    private bool _discarding;

    /// <summary>True when the last DATA went over the size limit; its tail was not passed on.</summary>
    public bool Oversized { get; private set; }

    /// <summary>The DATA or STARTTLS whose reply must come before another input byte is looked at.</summary>
    public string? Awaiting { get; private set; }

    /// <summary>
    /// Processes bytes read from the client, appending what the SMTP library should see; returns how many were
    /// consumed. It stops after a DATA or STARTTLS line: the rest waits for <see cref="Answered"/>.
    /// </summary>
    public int Inspect(ReadOnlySpan<byte> input, List<byte> output)
    {
        lock (_gate)
        {
            var i = 0;
            while (i < input.Length && Awaiting is null)
            {
                var b = input[i++];
                if (_data is not null) { Data(b, output); }
                else { Command(b, output); }
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

    private void Command(byte b, List<byte> output)
    {
        if (_discarding)
        {
            if (b == '\n')
            {
                _discarding = false;
                _verbs.Enqueue(TooLongVerb);
                output.AddRange(TooLongLine);
            }
            return;
        }
        _line.Add(b);
        if (b == '\n')
        {
            EndCommandLine(output);
        }
        else if (_line.Count > maxCommandLength)
        {
            _line.Clear();
            _discarding = true;
        }
    }

    private void EndCommandLine(List<byte> output)
    {
        var text = Encoding.Latin1.GetString(_line.ToArray()).TrimEnd('\r', '\n');
        _line.Clear();
        var verb = text.Split(' ', 2)[0].ToUpperInvariant();
        _verbs.Enqueue(verb);
        if (verb == "RCPT" && IsBarePostmaster(text))
        {
            text = "RCPT TO:<postmaster@" + hostname + ">";
        }
        else if (verb == "AUTH")
        {
            text = "XAUTH"; // never reaches the library's AUTH (it accepts any password by default): 503, see ReplyRewriter
        }
        output.AddRange(Encoding.Latin1.GetBytes(text + "\r\n"));
        if (verb is "DATA" or "STARTTLS")
        {
            Awaiting = verb;
        }
    }

    private static bool IsBarePostmaster(string line) =>
        line.Replace(" ", "", StringComparison.Ordinal).Equals("RCPTTO:<postmaster>", StringComparison.OrdinalIgnoreCase);

    private void Data(byte b, List<byte> output)
    {
        if (_data!.Feed(b, output))
        {
            Oversized = _data.Oversized;
            _data = null;
        }
    }
}
