namespace DynamicMail.Smtp.Ingest;

/// <summary>
/// Reads one DATA block as the sender wrote it and re-encodes it for the SMTP library. Only a real
/// <c>CRLF "." CRLF</c> ends the block; a lone CR or LF in the content becomes CRLF (so nothing DynamicMail stores
/// or relays can smuggle a line end past a stricter receiver), and a line that normalisation starts with "."
/// is dot-stuffed again, so the library's own end-of-data scan sees exactly the end the sender sent.
/// Content past <paramref name="maxContent"/> bytes is dropped and <see cref="Oversized"/> is set.
/// </summary>
internal sealed class DataDecoder(long maxContent)
{
    private enum Raw { Mid, CarriageReturn, LineStart, Dot, DotCarriageReturn }

    private Raw _raw = Raw.LineStart;
    private bool _pendingCr;
    private bool _outLineStart = true;
    private long _content;

    public bool Oversized { get; private set; }

    /// <summary>Feeds one byte as received; true when it completed the end-of-data line (the terminator is written).</summary>
    public bool Feed(byte b, List<byte> output)
    {
        switch (_raw)
        {
            case Raw.CarriageReturn:
                if (b == '\n')
                {
                    Content((byte)'\r', output);
                    Content((byte)'\n', output);
                    _raw = Raw.LineStart;
                    return false;
                }
                Content((byte)'\r', output);
                break;
            case Raw.LineStart when b == '.':
                _raw = Raw.Dot;
                return false;
            case Raw.Dot when b == '\r':
                _raw = Raw.DotCarriageReturn;
                return false;
            case Raw.DotCarriageReturn when b == '\n':
                End(output);
                return true;
            case Raw.DotCarriageReturn:
                // "." then a lone CR: the dot was stuffing, the CR is content.
                _raw = Raw.CarriageReturn;
                return Feed(b, output);
        }
        Mid(b, output);
        return false;
    }

    private void Mid(byte b, List<byte> output)
    {
        if (b == '\r')
        {
            _raw = Raw.CarriageReturn;
            return;
        }
        _raw = Raw.Mid;
        Content(b, output);
    }

    /// <summary>One byte of unstuffed content: normalise line ends, stuff dots, count.</summary>
    private void Content(byte c, List<byte> output)
    {
        if (_pendingCr)
        {
            _pendingCr = false;
            Emit((byte)'\n', output);
            _outLineStart = true;
            if (c == '\n')
            {
                return;
            }
        }
        if (c == '\r')
        {
            Emit(c, output);
            _pendingCr = true;
            return;
        }
        if (c == '\n')
        {
            Emit((byte)'\r', output);
            Emit((byte)'\n', output);
            _outLineStart = true;
            return;
        }
        if (_outLineStart && c == '.')
        {
            Emit(c, output);
        }
        _outLineStart = false;
        Emit(c, output);
    }

    private void Emit(byte b, List<byte> output)
    {
        if (++_content > maxContent)
        {
            Oversized = true;
        }
        if (!Oversized)
        {
            output.Add(b);
        }
    }

    private void End(List<byte> output)
    {
        if (Oversized || !_outLineStart)
        {
            // Whatever was cut, the library must still see a complete end-of-data line.
            output.AddRange("\r\n"u8);
        }
        output.AddRange(".\r\n"u8);
    }
}
