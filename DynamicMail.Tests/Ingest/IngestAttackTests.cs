using System.Text;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Ingest;

/// <summary>Issue #11: bytes a hostile sender can put on the MX port, each over a real socket.</summary>
public sealed class IngestAttackTests : EngineTest
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["DynamicMail:Smtp:MaxRecipients"] = "3",
        ["DynamicMail:Smtp:MaxMessageSize"] = "200000",
        ["DynamicMail:Smtp:MaxErrors"] = "5",
    };

    private async Task<SmtpDialogue> EnvelopeAsync(string from = "alice@sender.example")
    {
        var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO client.example");
        Assert.StartsWith("250", await smtp.SendAsync($"MAIL FROM:<{from}>"));
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<bob@xyz.com>"));
        return smtp;
    }

    private string Stored(string id) => Encoding.Latin1.GetString(Engine.Queue.ReadContent(Engine.Queue.Find(id)!));

    private static string Body(string stored) => stored[(stored.IndexOf("Subject:", StringComparison.Ordinal))..];

    [Fact]
    public async Task DataAndBodyInOnePacket_WithBareLfDotInside_QueuesOneMessage_BodyIntact()
    {
        await using var smtp = await EnvelopeAsync();
        var body = "Subject: one\r\nhi\n.\nMAIL FROM:<ceo@xyz.com>\r\nRCPT TO:<bob@xyz.com>\r\nDATA\r\nFrom: ceo@xyz.com\r\n\r\nsmuggled";

        await smtp.WriteAsync("DATA\r\n" + body + "\r\n.\r\n");

        Assert.StartsWith("354", await smtp.ReadReplyAsync());
        var id = QueueReading.QueueId(await smtp.ReadReplyAsync());
        Assert.StartsWith("250", await smtp.SendAsync("NOOP"));
        Assert.Equal(1, Engine.Queue.Summarize("xyz.com").Messages);
        Assert.Equal(body.Replace("\r\n", "\n").Replace("\n", "\r\n"), Body(Stored(id)));
    }

    [Fact]
    public async Task BodyInDataPacket_LongLinesAndCommandLookalikes_AreContent_AndTheCommandLimitStays()
    {
        await using var smtp = await EnvelopeAsync();
        var longLine = new string('x', 5000);
        var body = $"Subject: long\r\n\r\n{longLine}\r\nRCPT TO:<postmaster>";

        await smtp.WriteAsync("DATA\r\n" + body + "\r\n.\r\n");

        Assert.StartsWith("354", await smtp.ReadReplyAsync());
        var id = QueueReading.QueueId(await smtp.ReadReplyAsync());
        Assert.Equal(body, Body(Stored(id)));
        Assert.StartsWith("500 5.5.6", await smtp.SendAsync("NOOP " + new string('y', 3000)));
    }

    [Fact]
    public async Task DataRefused_WhatFollowsInThePacket_IsReadAsCommands()
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO client.example");
        await smtp.SendAsync("MAIL FROM:<alice@sender.example>");

        await smtp.WriteAsync("DATA\r\nNOOP\r\n");

        Assert.DoesNotContain("354", await smtp.ReadReplyAsync());
        Assert.StartsWith("250", await smtp.ReadReplyAsync());
    }

    [Fact]
    public async Task BareCrAndLf_AreStoredAsCrLf_AndDotLinesTheyMakeStayContent()
    {
        await using var smtp = await EnvelopeAsync();
        Assert.StartsWith("354", await smtp.SendAsync("DATA"));

        await smtp.WriteAsync("Subject: cr\rX-Evil: 1\r\n\r\nhi\r.\rMAIL FROM:<ceo@xyz.com>\nend\r\n..dots\r\n.\r\n");

        var id = QueueReading.QueueId(await smtp.ReadReplyAsync());
        var stored = Body(Stored(id));
        Assert.Equal("Subject: cr\r\nX-Evil: 1\r\n\r\nhi\r\n.\r\nMAIL FROM:<ceo@xyz.com>\r\nend\r\n.dots", stored);
        Assert.Equal(1, Engine.Queue.Summarize("xyz.com").Messages);
    }

    [Theory]
    [InlineData("SIZE=99999999999", "552 5.3.4")]
    [InlineData("SIZE=200001", "552 5.3.4")]
    [InlineData("SIZE=-1", "501 5.5.4")]
    [InlineData("SIZE=abc", "501 5.5.4")]
    [InlineData("BODY=FOO", "501 5.5.4")]
    [InlineData("FOO=bar", "555 5.5.4")]
    [InlineData("SMTPUTF8", "555 5.5.4")]
    [InlineData("SIZE=1000 BODY=8BITMIME", "250 2.1.0")]
    [InlineData("BODY=7bit", "250 2.1.0")]
    public async Task MailParameters_AreChecked(string parameters, string expected)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO client.example");

        Assert.StartsWith(expected, await smtp.SendAsync("MAIL FROM:<alice@sender.example> " + parameters));
    }

    [Theory]
    [InlineData("MAIL FROM:<j\u00f6rg@sender.example>")]
    [InlineData("RCPT TO:<j\u00f6rg@xyz.com>")]
    public async Task EightBitAddress_WithoutSmtpUtf8_Replies553(string command)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO client.example");
        if (command.StartsWith("RCPT", StringComparison.Ordinal))
        {
            await smtp.SendAsync("MAIL FROM:<alice@sender.example>");
        }

        await smtp.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"));

        Assert.StartsWith("553 5.6.7", await smtp.ReadReplyAsync());
    }

    [Fact]
    public async Task QuotedSender_IsKeptQuoted()
    {
        await using var smtp = await EnvelopeAsync("\"john smith\"@x.example");
        Assert.StartsWith("354", await smtp.SendAsync("DATA"));
        await smtp.WriteAsync("Subject: q\r\n\r\nhi\r\n.\r\n");

        var id = QueueReading.QueueId(await smtp.ReadReplyAsync());

        Assert.Equal("\"john smith\"@x.example", Engine.Queue.Find(id)!.Sender);
    }

    [Fact]
    public async Task ManyRecipientsOverTheLimit_Get452_WithoutEndingTheSession()
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO client.example");
        await smtp.SendAsync("MAIL FROM:<list@sender.example>");
        var rcpts = string.Concat(Enumerable.Range(0, 20).Select(i => $"RCPT TO:<u{i}@xyz.com>\r\n"));

        await smtp.WriteAsync(rcpts);
        var replies = new List<string>();
        for (var i = 0; i < 20; i++) { replies.Add(await smtp.ReadReplyAsync()); }

        Assert.Equal(3, replies.Count(r => r.StartsWith("250 2.1.5", StringComparison.Ordinal)));
        Assert.Equal(17, replies.Count(r => r.StartsWith("452 4.5.3", StringComparison.Ordinal)));
        Assert.StartsWith("354", await smtp.SendAsync("DATA"));
        await smtp.WriteAsync("Subject: list\r\n\r\nhi\r\n.\r\n");
        var id = QueueReading.QueueId(await smtp.ReadReplyAsync());
        Assert.Equal(3, Engine.Queue.Find(id)!.Recipients.Count);
    }
}
