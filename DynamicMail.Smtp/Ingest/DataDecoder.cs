namespace DynamicMail.Smtp.Ingest;

/// <summary>
/// Reads one DATA block as the sender wrote it and re-encodes it for the SMTP library. Only a real
/// <c>CRLF "." CRLF</c> ends the block; a lone CR or LF in the content becomes CRLF (so nothing DynamicMail stores
/// or relays can smuggle a line end past a stricter receiver), and a line that normalisation starts with "."
/// is dot-stuffed again, so the library's own end-of-data scan sees exactly the end the sender sent.
/// Content past <paramref name="maxContent"/> bytes is dropped and <see cref="Oversized"/> is set.
/// Inside a line, runs without CR or LF are found with a vectorised search and passed on in one copy; only line
/// ends and line starts go through the byte-by-byte state machine.
/// </summary>
internal sealed class DataDecoder(long maxContent)
{
    private enum Raw { Mid, CarriageReturn, LineStart, Dot, DotCarriageReturn }

    private Raw _raw = Raw.LineStart;
    private bool _pendingCr;
    private bool _outLineStart = true;
    private long _content;

    public bool Oversized { get; private set; }

    /// <summary>Decodes from <paramref name="input"/>; returns the bytes consumed, and whether the end-of-data line was among them.</summary>
    public (int Consumed, bool Ended) Decode(ReadOnlySpan<byte> input, ref ConversationOutput output)
    {
        var i = 0;
        while (i < input.Length)
        {
            if (_raw == Raw.Mid && !_pendingCr && !_outLineStart)
            {
                var run = input[i..].IndexOfAny((byte)'\r', (byte)'\n');
                if (run < 0)
                {
                    run = input.Length - i;
                }
                if (run > 0)
                {
                    EmitRun(input.Slice(i, run), ref output);
                    i += run;
                    continue;
                }
            }
            if (Feed(input[i++], ref output))
            {
                return (i, true);
            }
        }
        return (i, false);
    }

    /// <summary>Content bytes with no CR or LF, inside a line: counted and passed on as they are.</summary>
    private void EmitRun(ReadOnlySpan<byte> run, ref ConversationOutput output)
    {
        if (!Oversized)
        {
            var room = maxContent - _content;
            if (room >= run.Length)
            {
                output.Write(run);
            }
            else
            {
                output.Write(run[..(int)Math.Max(0, room)]);
                Oversized = true;
            }
        }
        _content += run.Length;
    }

    /// <summary>Feeds one byte as received; true when it completed the end-of-data line (the terminator is written).</summary>
    private bool Feed(byte b, ref ConversationOutput output)
    {
        switch (_raw)
        {
            case Raw.CarriageReturn:
                if (b == '\n')
                {
                    Content((byte)'\r', ref output);
                    Content((byte)'\n', ref output);
                    _raw = Raw.LineStart;
                    return false;
                }
                Content((byte)'\r', ref output);
                break;
            case Raw.LineStart when b == '.':
                _raw = Raw.Dot;
                return false;
            case Raw.Dot when b == '\r':
                _raw = Raw.DotCarriageReturn;
                return false;
            case Raw.DotCarriageReturn when b == '\n':
                End(ref output);
                return true;
            case Raw.DotCarriageReturn:
                // "." then a lone CR: the dot was stuffing, the CR is content.
                _raw = Raw.CarriageReturn;
                return Feed(b, ref output);
        }
        Mid(b, ref output);
        return false;
    }

    private void Mid(byte b, ref ConversationOutput output)
    {
        if (b == '\r')
        {
            _raw = Raw.CarriageReturn;
            return;
        }
        _raw = Raw.Mid;
        Content(b, ref output);
    }

    /// <summary>One byte of unstuffed content: normalise line ends, stuff dots, count.</summary>
    private void Content(byte c, ref ConversationOutput output)
    {
        if (_pendingCr)
        {
            _pendingCr = false;
            Emit((byte)'\n', ref output);
            _outLineStart = true;
            if (c == '\n')
            {
                return;
            }
        }
        if (c == '\r')
        {
            Emit(c, ref output);
            _pendingCr = true;
            return;
        }
        if (c == '\n')
        {
            Emit((byte)'\r', ref output);
            Emit((byte)'\n', ref output);
            _outLineStart = true;
            return;
        }
        if (_outLineStart && c == '.')
        {
            Emit(c, ref output);
        }
        _outLineStart = false;
        Emit(c, ref output);
    }

    private void Emit(byte b, ref ConversationOutput output)
    {
        if (++_content > maxContent)
        {
            Oversized = true;
        }
        if (!Oversized)
        {
            output.Write(b);
        }
    }

    private void End(ref ConversationOutput output)
    {
        if (Oversized || !_outLineStart)
        {
            // Whatever was cut, the library must still see a complete end-of-data line.
            output.Write("\r\n"u8);
        }
        output.Write(".\r\n"u8);
    }
}
