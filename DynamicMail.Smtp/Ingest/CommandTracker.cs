using System.Text;

namespace DynamicMail.Smtp.Ingest;

/// <summary>
/// Follows the client's side of one SMTP conversation at the byte level: which command each reply answers,
/// where DATA starts and ends, over-long command lines, and the size of the message being sent. It also
/// rewrites the one command the library cannot parse but RFC 5321 §4.5.1 requires: RCPT TO:&lt;postmaster&gt;.
/// </summary>
internal sealed class CommandTracker(string hostname, int maxCommandLength, long maxMessageSize)
{
    public const string TooLongVerb = "TOOLONG";
    private static readonly byte[] TooLongLine = "XTOOLONG\r\n"u8.ToArray();
    private readonly Queue<string> _verbs = new();
    private readonly List<byte> _line = [];
    private readonly Lock _gate = new();
    private bool _inData;
    private bool _discarding;
    private int _dotState;
    private long _dataBytes;

    /// <summary>True when the last DATA went over the size limit; its tail was not passed on.</summary>
    public bool Oversized { get; private set; }

    /// <summary>Processes bytes read from the client; returns what the SMTP library should see.</summary>
    public void Inspect(ReadOnlySpan<byte> input, List<byte> output)
    {
        lock (_gate)
        {
            foreach (var b in input)
            {
                if (_inData) { Data(b, output); }
                else { Command(b, output); }
            }
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

    /// <summary>The server said 354: what follows is message content.</summary>
    public void DataStarted()
    {
        lock (_gate)
        {
            _inData = true;
            _dotState = 2;
            _dataBytes = 0;
            Oversized = false;
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
        output.AddRange(Encoding.Latin1.GetBytes(text + "\r\n"));
    }

    private static bool IsBarePostmaster(string line) =>
        line.Replace(" ", "", StringComparison.Ordinal).Equals("RCPTTO:<postmaster>", StringComparison.OrdinalIgnoreCase);

    // Scans for CRLF "." CRLF. States: 0 mid-line, 1 saw CR, 2 at line start, 3 saw ".", 4 saw "." CR.
    private void Data(byte b, List<byte> output)
    {
        _dataBytes++;
        _dotState = (_dotState, b) switch
        {
            (4, (byte)'\n') => 5,
            (3, (byte)'\r') => 4,
            (2, (byte)'.') => 3,
            (_, (byte)'\r') => 1,
            (1, (byte)'\n') => 2,
            _ => 0,
        };
        if (_dotState == 5)
        {
            _inData = false;
            if (Oversized)
            {
                output.AddRange("\r\n.\r\n"u8);
            }
            else
            {
                output.Add(b);
            }
            return;
        }
        if (Oversized || _dataBytes > maxMessageSize + 5)
        {
            Oversized = true;
            return;
        }
        output.Add(b);
    }
}
