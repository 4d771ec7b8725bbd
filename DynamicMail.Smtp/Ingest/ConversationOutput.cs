namespace DynamicMail.Smtp.Ingest;

/// <summary>
/// Where decoded input goes: straight into the buffer the SMTP library offered, and what does not fit into
/// <see cref="PendingBytes"/> for its next read. Message content is never copied twice.
/// </summary>
internal ref struct ConversationOutput(Span<byte> target, PendingBytes overflow)
{
    private readonly Span<byte> _target = target;

    public int Written { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        var fits = Math.Min(bytes.Length, _target.Length - Written);
        if (overflow.Count == 0 && fits > 0)
        {
            bytes[..fits].CopyTo(_target[Written..]);
            Written += fits;
            bytes = bytes[fits..];
        }
        if (bytes.Length > 0)
        {
            overflow.Append(bytes);
        }
    }

    public void Write(byte b)
    {
        if (overflow.Count == 0 && Written < _target.Length)
        {
            _target[Written++] = b;
        }
        else
        {
            overflow.Append([b]);
        }
    }
}
