using System.Buffers;
using System.Net;

namespace DynamicMail.Smtp.Auth;

/// <summary>Sender authentication as ingest asks for it: once at MAIL FROM, once at the end of DATA.</summary>
public interface ISenderAuthentication
{
    /// <summary>False when <c>DynamicMail:Auth:Enabled</c> is off: nothing is checked or added.</summary>
    bool Enabled { get; }

    /// <summary>Blocklists now; SPF starts here and runs while the rest of the transaction arrives.</summary>
    /// <param name="sender">The envelope sender, "" for the null sender.</param>
    Task<SenderCheck> AtMailFromAsync(IPAddress? client, string? helo, string sender, CancellationToken cancellationToken);

    /// <summary>DKIM, ARC and DMARC on the received bytes; the verdict, what to add and what to take out.</summary>
    Task<MessageAuthentication> AtEndOfDataAsync(SenderCheck sender, ReadOnlySequence<byte> message, CancellationToken cancellationToken);
}
