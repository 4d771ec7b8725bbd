using System.Buffers;
using DynamicMail.Smtp.Queue;
using MimeKit;

namespace DynamicMail.Smtp.Ingest;

/// <summary>Reads the header block of a received message: the console's summary and the hop count.</summary>
internal static class HeaderScan
{
    /// <summary>Reads only the header block (up to the first empty line), never a copy of the whole message.</summary>
    public static (HeaderSummary Summary, int ReceivedCount) Read(ReadOnlySequence<byte> message)
    {
        var reader = new SequenceReader<byte>(message);
        var block = reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8, advancePastDelimiter: true) ? message.Slice(0, reader.Position) : message;
        return Read(block.ToArray());
    }

    public static (HeaderSummary Summary, int ReceivedCount) Read(byte[] content)
    {
        HeaderList headers;
        try
        {
            headers = HeaderList.Load(new MemoryStream(content, writable: false));
        }
        catch (FormatException)
        {
            return (new HeaderSummary(null, null, null), 0);
        }
        var received = headers.Count(h => h.Id == HeaderId.Received);
        return (new HeaderSummary(Trim(headers[HeaderId.From]), Trim(headers[HeaderId.Subject]), Trim(headers[HeaderId.MessageId])), received);
    }

    private static string? Trim(string? value) => value is null ? null : value.Length > 500 ? value[..500] : value.Trim();
}
