namespace DynamicMail.Smtp.Delivery.Transcripts;

/// <summary>How much of the conversation is kept: a bounded log, never a copy of the mail.</summary>
public static class TranscriptLimits
{
    /// <summary>Transcripts kept per domain (the newest).</summary>
    public const int PerDomain = 20;

    /// <summary>Lines kept of a connection's opening, and of one transaction.</summary>
    public const int OpeningLines = 40;
    public const int TransactionLines = 120;

    /// <summary>Characters kept of one line.</summary>
    public const int LineLength = 300;
}
