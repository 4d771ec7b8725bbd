namespace DynamicMail.Smtp.Delivery.Transcripts;

/// <summary>
/// One delivery attempt as it was said on the wire: the connection's opening (greeting, EHLO, STARTTLS) and the
/// transaction's commands and replies with their times, never the message body or credentials.
/// </summary>
public sealed class SmtpTranscript
{
    /// <summary>Unique id (the store keeps only the newest <see cref="TranscriptLimits.PerDomain"/> per domain).</summary>
    public string Id { get; set; } = "";
    public string Domain { get; set; } = "";

    /// <summary>The message of the attempt; null when the connection failed before any transaction.</summary>
    public string? MessageId { get; set; }
    public DateTime At { get; set; }
    public string Target { get; set; } = "";

    /// <summary>"TLSv1.3 TLS_AES_256_GCM_SHA384, certificate SHA-256 …", or null when it was in clear.</summary>
    public string? Tls { get; set; }

    /// <summary>What came of it, in one line (the last reply or the fault).</summary>
    public string Outcome { get; set; } = "";
    public List<TranscriptLine> Lines { get; set; } = [];
}
