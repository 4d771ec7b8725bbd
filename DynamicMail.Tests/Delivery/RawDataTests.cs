using System.Text;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Delivery;

/// <summary>
/// Issue #15: the stored bytes of a plain message go out as they are (no parse and re-serialise), dot-stuffed by
/// MailKit; content MailKit would change (8-bit, bare line ends, long lines) still goes through MimeKit.
/// </summary>
public sealed class RawDataTests : HostileDeliveryTest
{
    [Fact]
    public async Task PlainMessage_ArrivesByteForByteAsStored_DotsIncluded()
    {
        var content = ".first line starts with a dot\r\nSubject: raw\r\n\r\n.\r\n..two dots\r\n. dot space\r\nlast line without end";
        var id = await QueueRawAsync(content);
        var stored = Stored(id);
        Assert.True(RawMessage.Fits(Encoding.Latin1.GetBytes(stored)));
        GoOnline();

        await Sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(15));
        var received = Assert.Single(Sink.Messages);
        Assert.Equal(stored.EndsWith("\r\n", StringComparison.Ordinal) ? stored : stored + "\r\n", received.Content);
        Assert.Contains("\r\n.\r\n..two dots\r\n", received.Content, StringComparison.Ordinal);
        await Wait.Until(() => IsGone(id), "delivered and removed");
    }

    [Theory]
    [InlineData("Subject: bare\r\n\r\nline with a bare LF\nand on")]
    [InlineData("Subject: eight\r\n\r\ncaf\u00e9 in Latin-1")]
    public async Task MessageMailKitWouldChange_GoesThroughMimeKit_AndArrives(string content)
    {
        Assert.False(RawMessage.Fits(Encoding.Latin1.GetBytes(content)));
        var id = await QueueRawAsync(content);
        GoOnline();

        await Sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(15));
        Assert.Contains("Subject: ", Assert.Single(Sink.Messages).Content, StringComparison.Ordinal);
        await Wait.Until(() => IsGone(id), "delivered and removed");
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("a\r\nb\r\n", true)]
    [InlineData("a\r\nb", true)]
    [InlineData("a\nb\r\n", false)]
    [InlineData("a\rb\r\n", false)]
    [InlineData("\r\n\r\n", true)]
    public void Fits_TellsWhatMailKitWouldSendUnchanged(string content, bool fits) =>
        Assert.Equal(fits, RawMessage.Fits(Encoding.Latin1.GetBytes(content)));

    [Fact]
    public void Fits_RefusesLinesOver998()
    {
        Assert.True(RawMessage.Fits(Encoding.ASCII.GetBytes(new string('x', 998) + "\r\n")));
        Assert.False(RawMessage.Fits(Encoding.ASCII.GetBytes(new string('x', 999) + "\r\n")));
    }

    private string Stored(string id)
    {
        using var stream = Engine.Queue.OpenContent(Engine.Queue.Find(id)!);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        return reader.ReadToEnd();
    }

    /// <summary>Queues <paramref name="content"/> dot-stuffed on the wire, so it is stored as written here.</summary>
    private async Task<string> QueueRawAsync(string content)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<alice@sender.example>"));
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<bob@xyz.com>"));
        Assert.StartsWith("354", await smtp.SendAsync("DATA"));
        var stuffed = string.Join("\r\n", content.Split("\r\n").Select(l => l.StartsWith('.') ? "." + l : l));
        await smtp.WriteAsync(Encoding.Latin1.GetBytes(stuffed + "\r\n.\r\n"));
        return QueueReading.QueueId(await smtp.ReadReplyAsync());
    }
}
