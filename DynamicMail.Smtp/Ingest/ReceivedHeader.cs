using System.Globalization;
using System.Text;

namespace DynamicMail.Smtp.Ingest;

/// <summary>The trace header prepended to every stored message (RFC 5321 §4.4).</summary>
internal static class ReceivedHeader
{
    /// <summary>What the sender's session says about it: HELO name, address, and TLS ("TLSv1.3 with cipher …") if any.</summary>
    public sealed record Session(string? Helo, string? ClientAddress, string? Tls);

    public static byte[] Build(Session session, string hostname, string id, IReadOnlyList<string> recipients, DateTimeOffset now)
    {
        var text = new StringBuilder()
            .Append("Received: from ").Append(string.IsNullOrWhiteSpace(session.Helo) ? "unknown" : session.Helo)
            .Append(" ([").Append(session.ClientAddress ?? "unknown").Append("])\r\n");
        if (session.Tls is not null)
        {
            text.Append("\t(using ").Append(session.Tls).Append(")\r\n");
        }
        text.Append("\tby ").Append(hostname).Append(" (DynamicMail) with ").Append(session.Tls is null ? "ESMTP" : "ESMTPS").Append(" id ").Append(id);
        if (recipients.Count == 1)
        {
            text.Append("\r\n\tfor <").Append(recipients[0]).Append('>');
        }
        text.Append("; ").Append(Rfc5322Date(now)).Append("\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    public static string Rfc5322Date(DateTimeOffset now)
    {
        var offset = now.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        return now.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
            + sign + Math.Abs(offset.Hours).ToString("00", CultureInfo.InvariantCulture) + Math.Abs(offset.Minutes).ToString("00", CultureInfo.InvariantCulture);
    }
}
