namespace DynamicMail.Smtp.Delivery;

/// <summary>Opens one SMTP connection to a customer's server.</summary>
public interface IMailSender
{
    /// <exception cref="SiteFaultException">Refused, timed out, or a 4xx/5xx greeting.</exception>
    Task<IMailConnection> ConnectAsync(DeliveryTarget target, CancellationToken cancellationToken);
}

/// <summary>One open connection; sends one message at a time.</summary>
public interface IMailConnection : IAsyncDisposable
{
    TlsState Tls { get; }

    bool IsConnected { get; }

    /// <summary>The names the server gave itself in its greeting and its EHLO reply (before TLS), lower case.</summary>
    IReadOnlyList<string> ServerNames { get; }

    /// <summary>One transaction. Per-recipient refusals are results, not exceptions.</summary>
    /// <exception cref="SiteFaultException">421, or the connection broke or stopped answering.</exception>
    Task<TransactionResult> SendAsync(string sender, IReadOnlyList<string> recipients, Stream content, CancellationToken cancellationToken);

    /// <summary>The connection's opening and its last transaction as said on the wire (no body, no credentials).</summary>
    IReadOnlyList<Transcripts.TranscriptLine> TakeTranscript() => [];
}

public sealed record TlsState(bool Secure, string? Protocol, string? Fingerprint)
{
    public static readonly TlsState None = new(false, null, null);
}

public sealed record RecipientReply(string Address, int Code, string Text)
{
    public override string ToString() => $"{Code} {Text}";
}

/// <summary>
/// Replies of one transaction: each RCPT, then the reply that concerns the whole message — to DATA or the final dot,
/// or a refusal of MAIL FROM or of the DATA command (null when no recipient was accepted). <paramref name="Broken"/>:
/// the transaction ended without a usable reply (out of step, too long, too slow); <paramref name="DataText"/> says why.
/// </summary>
public sealed record TransactionResult(IReadOnlyList<RecipientReply> Recipients, int? DataCode, string? DataText, bool Broken = false)
{
    public static TransactionResult BrokenOff(IReadOnlyList<RecipientReply> recipients, string why) => new(recipients, null, why, Broken: true);
}

/// <summary>The customer's site as a whole cannot take mail now; nothing is any recipient's fault.</summary>
public sealed class SiteFaultException : Exception
{
    public SiteFaultException() { }
    public SiteFaultException(string message) : base(message) { }
    public SiteFaultException(string message, Exception inner) : base(message, inner) { }
    public SiteFaultException(string message, bool refused, Exception? inner = null) : base(message, inner) => Refused = refused;

    /// <summary>The server answered and said no (5xx, certificate mismatch), as opposed to not answering.</summary>
    public bool Refused { get; }

    /// <summary>
    /// The connection broke during a transaction that had started: the message in flight counts as attempted (it is
    /// retried after a short wait, so a message that breaks the server every time cannot keep the others waiting).
    /// </summary>
    public bool Attempted { get; init; }

    /// <summary>What was said on the connection up to the fault, when there was a conversation.</summary>
    public IReadOnlyList<Transcripts.TranscriptLine>? Transcript { get; init; }
}
