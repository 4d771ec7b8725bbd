namespace DynamicMail.Smtp.Delivery.Transcripts;

/// <summary>One line of a transcript: <see cref="From"/> is "C" (DynamicMail), "S" (the customer's server) or "*" (a note).</summary>
public sealed class TranscriptLine
{
    public DateTime At { get; set; }
    public string From { get; set; } = "";
    public string Text { get; set; } = "";

    public override string ToString() => $"{At:HH:mm:ss.fff} {From}: {Text}";
}
