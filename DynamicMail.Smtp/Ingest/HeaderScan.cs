using DynamicMail.Smtp.Queue;
using MimeKit;

namespace DynamicMail.Smtp.Ingest;

/// <summary>Reads the header block of a received message: the console's summary and the hop count.</summary>
internal static class HeaderScan
{
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
