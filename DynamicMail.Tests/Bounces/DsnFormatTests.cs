using System.Text;
using DynamicMail.Smtp.Bounces;
using DynamicMail.Tests.TestSupport;
using MimeKit;
using MimeKit.Utils;

namespace DynamicMail.Tests.Bounces;

/// <summary>RFC 3464 DSNs as MimeKit builds them, parsed back and checked field by field.</summary>
public sealed class DsnFormatTests
{
    private static readonly DateTime Arrived = new(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);
    private static readonly byte[] Headers = Encoding.ASCII.GetBytes("From: alice@sender.example\r\nTo: bob@xyz.com\r\nSubject: quarterly figures\r\nMessage-ID: <m1@sender.example>\r\n\r\n");

    private static DsnReading Build(DsnKind kind, DsnReason reason, params DsnRecipient[] recipients)
    {
        var report = new DsnReport(kind, reason, "alice@sender.example", "xyz.com", Arrived, Arrived.AddDays(5), recipients, Headers, "<m1@sender.example>");
        var message = DsnBuilder.Build(report, "mx.test", new DateTimeOffset(Arrived.AddDays(1)));
        using var bytes = new MemoryStream();
        message.WriteTo(bytes);
        return DsnReading.Parse(Encoding.Latin1.GetString(bytes.ToArray()));
    }

    [Fact]
    public void FailedDsn_CarriesEveryRequiredField()
    {
        var dsn = Build(DsnKind.Failed, DsnReason.Refused,
            new DsnRecipient("nobody@xyz.com", "5.1.1", "550 5.1.1 no such user", "192.0.2.7", Arrived.AddHours(3)));

        Assert.Equal("alice@sender.example", Assert.Single(dsn.Message.To.Mailboxes).Address);
        Assert.Equal("MAILER-DAEMON@mx.test", Assert.Single(dsn.Message.From.Mailboxes).Address);
        Assert.Equal("auto-replied", dsn.Message.Headers["Auto-Submitted"]);
        Assert.Equal("m1@sender.example", dsn.Message.InReplyTo);
        Assert.Equal("dns; mx.test", dsn.PerMessage["Reporting-MTA"]);
        Assert.Equal(Arrived, DateUtils.TryParse(dsn.PerMessage["Arrival-Date"], out var arrival) ? arrival.UtcDateTime : default);
        var r = dsn.Recipient("nobody@xyz.com");
        Assert.Equal("failed", r["Action"]);
        Assert.Equal("5.1.1", r["Status"]);
        Assert.Equal("smtp; 550 5.1.1 no such user", r["Diagnostic-Code"]);
        Assert.Equal("dns; [192.0.2.7]", r["Remote-MTA"]);
        Assert.NotNull(r["Last-Attempt-Date"]);
        Assert.Null(r["Will-Retry-Until"]);
        Assert.Contains("refused", dsn.Text, StringComparison.Ordinal);
        Assert.Contains("no such user", dsn.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void DelayedDsn_SaysUntilWhenItRetries()
    {
        var dsn = Build(DsnKind.Delayed, DsnReason.Waiting, new DsnRecipient("bob@xyz.com", "4.4.1", null, null, null));

        var r = dsn.Recipient("bob@xyz.com");
        Assert.Equal("delayed", r["Action"]);
        Assert.Equal("4.4.1", r["Status"]);
        Assert.True(DateUtils.TryParse(r["Will-Retry-Until"], out var until));
        Assert.Equal(Arrived.AddDays(5), until.UtcDateTime);
        Assert.Null(r["Diagnostic-Code"]);
        Assert.Contains("only a warning", dsn.Text, StringComparison.Ordinal);
        Assert.Equal("Delayed Mail (still being retried)", dsn.Message.Subject);
    }

    [Fact]
    public void Dsn_ReturnsTheOriginalHeadersButNeverTheBody()
    {
        var dsn = Build(DsnKind.Failed, DsnReason.Expired, new DsnRecipient("bob@xyz.com", "5.4.7", null, null, null));

        var headers = Assert.IsType<TextRfc822Headers>(dsn.Report[2]);
        Assert.NotNull(headers.Message);
        Assert.Equal("quarterly figures", headers.Message!.Subject);
        Assert.Equal(3, dsn.Report.Count);
        Assert.Contains("did not connect to collect its mail within 5 days", dsn.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void OneDsn_CoversEveryRecipientItConcerns()
    {
        var dsn = Build(DsnKind.Failed, DsnReason.Expired,
            new DsnRecipient("a@xyz.com", "5.4.7", null, null, null), new DsnRecipient("b@xyz.com", "5.4.7", "451 4.3.0 busy", "mail.xyz.com", Arrived));

        Assert.Equal(2, dsn.PerRecipient.Count);
        Assert.Equal("smtp; 451 4.3.0 busy", dsn.Recipient("b@xyz.com")["Diagnostic-Code"]);
        Assert.Equal("dns; mail.xyz.com", dsn.Recipient("b@xyz.com")["Remote-MTA"]);
    }

    [Fact]
    public void SenderThatIsNoValidHeaderAddress_StillGetsItsDsn()
    {
        var report = new DsnReport(DsnKind.Failed, DsnReason.Expired, "odd address", "xyz.com", Arrived, Arrived.AddDays(5),
            [new DsnRecipient("bob@xyz.com", "5.4.7", null, null, null)], Headers, null);

        var message = DsnBuilder.Build(report, "mx.test", new DateTimeOffset(Arrived.AddDays(5)));

        Assert.IsType<GroupAddress>(Assert.Single(message.To));
        Assert.IsType<MultipartReport>(message.Body);
    }

    [Theory]
    [InlineData("550 5.1.1 no such user", "5.1.1")]
    [InlineData("550 no such user", "5.0.0")]
    [InlineData("452-4.2.2 mailbox full", "4.2.2")]
    [InlineData(null, "5.4.7")]
    public void Status_ComesFromTheReply(string? reply, string expected) => Assert.Equal(expected, StatusCodes.From(reply, "5.4.7"));
}
