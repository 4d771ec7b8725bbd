using MimeKit;

namespace DynamicMail.Smtp.Delivery;

/// <summary>
/// The stored bytes of a message, sent by MailKit as they are: no parse into a <see cref="MimeMessage"/> and no
/// serialisation again. MailKit still does the transaction, the dot-stuffing and the replies. The header block is
/// carried whole as the raw value of the first header, the body as a
/// part without headers that writes the stored bytes after the blank line. (The first field is DynamicMail's
/// <c>Received:</c>, or the ARC set attached in front of it.) Only for content MailKit would send
/// unchanged anyway: 7-bit, CRLF line ends only, lines of at most 998 characters (see <see cref="Fits"/>).
/// </summary>
internal sealed class RawMessage : MimeMessage
{
    private const int MaxLineLength = 998;
    private const int MaxFieldName = 64;
    private static readonly byte[] BlankLine = "\r\n\r\n"u8.ToArray();

    private RawMessage(byte[] content, int colon, int bodyStart)
    {
        Headers.Clear();
        var first = new Header(System.Text.Encoding.ASCII.GetString(content, 0, colon), "x");
        first.SetRawValue(content[(colon + 1)..bodyStart]);
        Headers.Add(first);
        Body = new RawBody(content.AsMemory(bodyStart + 2));
        Length = content.Length;
    }

    /// <summary>Bytes on the wire before dot-stuffing (SIZE=).</summary>
    public long Length { get; }

    /// <summary>
    /// A raw message for these bytes, or null when they need MimeKit: 8-bit, bare CR or LF, long lines, no header
    /// field first or no blank line after the headers.
    /// </summary>
    public static RawMessage? TryCreate(byte[] content)
    {
        var colon = content.AsSpan(0, Math.Min(content.Length, MaxFieldName + 1)).IndexOf((byte)':');
        if (colon < 1 || content.AsSpan(0, colon).ContainsAnyExceptInRange((byte)'!', (byte)'~') || !Fits(content))
        {
            return null;
        }
        var blank = content.AsSpan().IndexOf(BlankLine);
        return blank < 0 ? null : new RawMessage(content, colon, blank + 2);
    }

    public static bool Fits(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty || content.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0)
        {
            return false;
        }
        while (!content.IsEmpty)
        {
            var lf = content.IndexOf((byte)'\n');
            var line = lf < 0 ? content : content[..lf];
            if (lf >= 0)
            {
                if (line.IsEmpty || line[^1] != '\r')
                {
                    return false;
                }
                line = line[..^1];
            }
            if (line.Length > MaxLineLength || line.Contains((byte)'\r'))
            {
                return false;
            }
            content = lf < 0 ? [] : content[(lf + 1)..];
        }
        return true;
    }

    /// <summary>A body without headers that writes the stored bytes, ending them with CRLF if they do not already.</summary>
    private sealed class RawBody : MimePart
    {
        private static readonly byte[] NewLine = "\r\n"u8.ToArray();
        private readonly ReadOnlyMemory<byte> _content;

        public RawBody(ReadOnlyMemory<byte> content)
        {
            Headers.Clear();
            _content = content;
        }

        private bool NeedsNewLine => !_content.IsEmpty && !_content.Span.EndsWith(NewLine);

        public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
        {
            stream.Write(_content.Span);
            if (NeedsNewLine)
            {
                stream.Write(NewLine);
            }
        }

        public override async Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
        {
            await stream.WriteAsync(_content, cancellationToken).ConfigureAwait(false);
            if (NeedsNewLine)
            {
                await stream.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
