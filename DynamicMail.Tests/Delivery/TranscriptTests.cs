using System.Net;
using DynamicMail.Smtp.Delivery.Transcripts;
using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Delivery;

/// <summary>
/// Each delivery attempt keeps its SMTP transcript (issue #20): commands and replies with their times, a refused
/// recipient's reply among them, never the body — on the raw path and on the MimeKit path alike.
/// </summary>
public sealed class TranscriptTests : DeliveringEngineTest
{
    private const string Secret = "secret body text 7f3a";

    private ITranscriptLog Log => Engine.Services.GetRequiredService<ITranscriptLog>();

    private async Task<string> QueueAsync(string body)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        return QueueReading.QueueId(await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com", "carol@xyz.com"],
            $"From: <alice@sender.example>\r\nSubject: figures\r\n\r\n{body}"));
    }

    private async Task<SmtpTranscript> DeliverAndReadAsync(string id)
    {
        Sink.RcptReply = a => a.Contains("bob@", StringComparison.Ordinal) ? "550 5.1.1 <bob@xyz.com>: no such user here" : "250 2.1.5 ok";
        Engine.Services.GetRequiredService<PresenceRegistry>().Register("tab", "xyz.com", IPAddress.Loopback);
        await Sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(10));
        IReadOnlyList<SmtpTranscript> kept = [];
        await Wait.Until(() => (kept = Log.ForMessageAsync(id).GetAwaiter().GetResult()).Count > 0, "the attempt's transcript is kept");
        return Assert.Single(kept);
    }

    [Theory]
    [InlineData(Secret)]
    [InlineData(Secret + " with an 8-bit character: café")]
    public async Task Transcript_ShowsTheRefusedRecipientsReply_AndNeverTheBody(string body)
    {
        var id = await QueueAsync(body);

        var transcript = await DeliverAndReadAsync(id);

        var lines = transcript.Lines.Select(l => $"{l.From}: {l.Text}").ToList();
        Assert.Contains("C: RCPT TO:<bob@xyz.com>", lines);
        Assert.Contains("S: 550 5.1.1 <bob@xyz.com>: no such user here", lines);
        Assert.Contains(lines, l => l.StartsWith("S: 220 sink.test", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("C: EHLO ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("C: (message body: ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("secret body", StringComparison.Ordinal) || l.Contains("Subject:", StringComparison.Ordinal));
        Assert.All(transcript.Lines, l => Assert.True(l.At > DateTime.UtcNow.AddMinutes(-5)));
        Assert.Contains("bob@xyz.com: 550 5.1.1", transcript.Outcome, StringComparison.Ordinal);
        Assert.Equal("xyz.com", transcript.Domain);
        Assert.Contains(await Log.ForDomainAsync("xyz.com", TestContext.Current.CancellationToken), t => t.MessageId == id);
    }

    [Fact]
    public void Recorder_HidesCredentialsAndBdatChunks_AndBoundsItsLines()
    {
        var recorder = new TranscriptRecorder(TimeProvider.System);
        void Client(string s) => recorder.LogClient(System.Text.Encoding.ASCII.GetBytes(s), 0, s.Length);
        void Server(string s) => recorder.LogServer(System.Text.Encoding.ASCII.GetBytes(s), 0, s.Length);

        Server("220 hi\r\n");
        Client("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n");
        Server("235 ok\r\n");
        recorder.BeginTransaction();
        Client("BDAT 12 LAST\r\nsecret text\n");
        Server("250 ok\r\n");
        Server(new string('x', 5000) + "\r\n");
        for (var i = 0; i < 500; i++)
        {
            Client("NOOP\r\n");
        }

        var lines = recorder.Take();
        Assert.DoesNotContain(lines, l => l.Text.Contains("AGFsaWNl", StringComparison.Ordinal) || l.Text.Contains("secret", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Text == "AUTH PLAIN (credentials hidden)");
        Assert.Contains(lines, l => l.Text == "BDAT 12 LAST");
        Assert.Contains(lines, l => l.Text.StartsWith("(message body: 12 bytes", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(l.Text.Length <= TranscriptLimits.LineLength + 1));
        Assert.True(lines.Count <= TranscriptLimits.OpeningLines + TranscriptLimits.TransactionLines + 2);
    }
}
