namespace DynamicMail.Smtp.Delivery.Transcripts;

/// <summary>
/// The stored transcripts of recent delivery attempts: the newest <see cref="TranscriptLimits.PerDomain"/> of each
/// domain; older ones are dropped as new ones come. Writes need not be flushed (a lost transcript loses no mail).
/// </summary>
public interface ITranscriptLog
{
    /// <summary>Stores <paramref name="transcript"/> and drops the domain's ones beyond the limit, oldest first.</summary>
    Task SaveAsync(SmtpTranscript transcript);

    /// <summary>The domain's kept transcripts, newest first.</summary>
    Task<IReadOnlyList<SmtpTranscript>> ForDomainAsync(string domain, CancellationToken cancellationToken = default);

    /// <summary>The kept transcripts of one message's attempts, newest first (none once they have been dropped).</summary>
    Task<IReadOnlyList<SmtpTranscript>> ForMessageAsync(string messageId, CancellationToken cancellationToken = default);
}
