namespace DynamicMail.Smtp.Bounces;

/// <summary>Reads the header section of a stored message (up to a limit), for text/rfc822-headers.</summary>
internal static class OriginalHeaders
{
    public const int Limit = 100 * 1024;

    public static byte[] Read(Stream content)
    {
        var buffer = new byte[Limit];
        var length = 0;
        int read;
        while (length < Limit && (read = content.Read(buffer, length, Limit - length)) > 0)
        {
            length += read;
        }
        var span = buffer.AsSpan(0, length);
        var end = span.IndexOf("\r\n\r\n"u8);
        if (end >= 0)
        {
            return span[..(end + 2)].ToArray();
        }
        end = span.IndexOf("\n\n"u8);
        if (end >= 0)
        {
            return span[..(end + 1)].ToArray();
        }
        // No end of headers within the limit: cut at the last complete line.
        var lastLine = span.LastIndexOf((byte)'\n');
        return lastLine >= 0 ? span[..(lastLine + 1)].ToArray() : [];
    }
}
