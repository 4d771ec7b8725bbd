using SmtpServer.Protocol;

namespace DynamicMail.Smtp.Ingest;

/// <summary>
/// Checks the ESMTP parameters of MAIL FROM against what EHLO advertised: SIZE (RFC 1870) and BODY (RFC 6152).
/// The library reads an unparsable SIZE as 0 and ignores the rest; here each gets its proper refusal.
/// </summary>
internal static class MailParameters
{
    /// <summary>The refusal for these parameters, or null when they are acceptable.</summary>
    public static SmtpResponse? Check(IReadOnlyDictionary<string, string>? parameters, long maxMessageSize)
    {
        foreach (var (name, value) in parameters ?? new Dictionary<string, string>())
        {
            var refusal = name.ToUpperInvariant() switch
            {
                "SIZE" => CheckSize(value, maxMessageSize),
                "BODY" => value?.ToUpperInvariant() is "7BIT" or "8BITMIME" ? null : Replies.BadBody,
                _ => Replies.UnknownParameter(name),
            };
            if (refusal is not null)
            {
                return refusal;
            }
        }
        return null;
    }

    private static SmtpResponse? CheckSize(string? value, long max)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 20 || !value.All(char.IsAsciiDigit))
        {
            return Replies.BadSize;
        }
        return !ulong.TryParse(value, out var size) || size > (ulong)max ? Replies.TooBig : null;
    }
}
