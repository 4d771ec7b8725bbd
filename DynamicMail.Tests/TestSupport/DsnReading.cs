using MimeKit;

namespace DynamicMail.Tests.TestSupport;

/// <summary>Parses a DSN as a mail client would, for field-by-field checks.</summary>
public sealed class DsnReading
{
    private DsnReading(MimeMessage message, MultipartReport report)
    {
        Message = message;
        Report = report;
        Status = Assert.IsType<MessageDeliveryStatus>(report[1]);
    }

    public MimeMessage Message { get; }
    public MultipartReport Report { get; }
    public MessageDeliveryStatus Status { get; }
    public HeaderList PerMessage => Status.StatusGroups[0];
    /// <summary>Recipient groups (MimeKit writes a blank line after the last group and reads it back as an empty group).</summary>
    public IReadOnlyList<HeaderList> PerRecipient => Status.StatusGroups.Skip(1).Where(g => g.Count > 0).ToList();
    public string Text => Assert.IsType<TextPart>(Report[0]).Text;

    public HeaderList Recipient(string address) =>
        PerRecipient.Single(g => g["Final-Recipient"] == "rfc822; " + address);

    public static DsnReading Parse(string content)
    {
        using var stream = new MemoryStream(System.Text.Encoding.Latin1.GetBytes(content));
        var message = MimeMessage.Load(stream);
        var report = Assert.IsType<MultipartReport>(message.Body);
        Assert.Equal("delivery-status", report.ReportType);
        return new DsnReading(message, report);
    }
}
