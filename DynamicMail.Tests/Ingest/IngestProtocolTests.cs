using System.Text.RegularExpressions;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Ingest;

/// <summary>What a sender sees on the MX port: extensions, relay refusals, limits, enhanced codes.</summary>
public sealed class IngestProtocolTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private EngineHost _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?>
    {
        ["DynamicMail:Smtp:MaxRecipients"] = "3",
        ["DynamicMail:Smtp:MaxMessageSize"] = "20000",
        ["DynamicMail:Smtp:MaxErrors"] = "5",
    });

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Ehlo_AdvertisesExactlyWhatIsImplemented()
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp);
        var ehlo = await smtp.SendAsync("EHLO client.example");

        var keywords = ehlo.Split('\n').Skip(1).Select(l => l[4..]).ToList();
        Assert.Equal(["PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES", "SIZE 20000", "STARTTLS"], keywords);
        Assert.StartsWith("220 mx.test ", smtp.Greeting);
    }

    [Theory]
    [InlineData("bob@xyz.com", "250 2.1.5")]
    [InlineData("Bob@XYZ.COM", "250 2.1.5")]
    [InlineData("bob@abc.org", "250 2.1.5")]
    [InlineData("postmaster", "250 2.1.5")]
    [InlineData("postmaster@mx.test", "250 2.1.5")]
    [InlineData("bob@evil.example", "550 5.7.1")]
    [InlineData("bob@sub.xyz.com", "550 5.7.1")]
    [InlineData("bob@xyz.com.evil.example", "550 5.7.1")]
    [InlineData("bob%evil.example@xyz.com", "550 5.7.1")]
    [InlineData("bob!evil.example@xyz.com", "550 5.7.1")]
    [InlineData("\"bob@evil.example\"@xyz.com", "550 5.7.1")]
    [InlineData("bob@[127.0.0.1]", "550 5.7.1")]
    [InlineData("postmaster@evil.example", "550 5.7.1")]
    [InlineData("@evil.example:bob@xyz.com", "250 2.1.5")]
    [InlineData("@xyz.com:bob@evil.example", "550 5.7.1")]
    [InlineData("bob@a@b", "501 5.1.3")]
    [InlineData("not an address", "501 5.1.3")]
    public async Task Rcpt_FollowsRelayTable(string recipient, string expected)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp);
        await smtp.SendAsync("EHLO client.example");
        Assert.StartsWith("250 2.1.0", await smtp.SendAsync("MAIL FROM:<alice@sender.example>"));

        var reply = await smtp.SendAsync($"RCPT TO:<{recipient}>");

        Assert.StartsWith(expected, reply);
    }

    [Fact]
    public async Task Mail_AcceptsNullSender()
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp);
        await smtp.SendAsync("EHLO client.example");
        Assert.StartsWith("250 2.1.0", await smtp.SendAsync("MAIL FROM:<>"));
    }

    [Fact]
    public async Task Rcpt_OverMaxRecipients_Replies452AndKeepsTheOthers()
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp);
        await smtp.SendAsync("EHLO client.example");
        await smtp.SendAsync("MAIL FROM:<alice@sender.example>");
        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith("250", await smtp.SendAsync($"RCPT TO:<u{i}@xyz.com>"));
        }

        Assert.StartsWith("452 4.5.3", await smtp.SendAsync("RCPT TO:<u4@xyz.com>"));
        Assert.StartsWith("354", await smtp.SendAsync("DATA"));
        await smtp.WriteAsync("Subject: x\r\n\r\nhi\r\n.\r\n");
        var id = QueueReading.QueueId(await smtp.ReadReplyAsync());
        Assert.Equal(3, _engine.Queue.Find(id)!.Recipients.Count);
    }

    [Fact]
    public async Task Mail_WithSizeOverLimit_Replies552()
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp);
        await smtp.SendAsync("EHLO client.example");
        Assert.StartsWith("552 5.3.4", await smtp.SendAsync("MAIL FROM:<alice@sender.example> SIZE=20001"));
    }

    [Fact]
    public async Task Data_OverLimit_Replies552_StoresNothing_AndSessionGoesOn()
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp);
        await smtp.SendAsync("EHLO client.example");
        var body = "Subject: big\r\n\r\n" + string.Concat(Enumerable.Repeat(new string('x', 76) + "\r\n", 400));

        var reply = await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], body);

        Assert.StartsWith("552 5.3.4", reply);
        Assert.Equal(0, _engine.Queue.Summarize("xyz.com").Messages);
        Assert.StartsWith("250 2.0.0", await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: small\r\n\r\nhi"));
        Assert.Equal(1, _engine.Queue.Summarize("xyz.com").Messages);
    }

    [Fact]
    public async Task Data_WithMoreThan100ReceivedHeaders_Replies554Loop()
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp);
        await smtp.SendAsync("EHLO client.example");
        var headers = string.Concat(Enumerable.Repeat("Received: from a by b; Sat, 28 Nov 2026 10:00:00 +0000\r\n", 101));

        var reply = await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], headers + "Subject: loop\r\n\r\nhi");

        Assert.StartsWith("554 5.4.6", reply);
        Assert.Equal(0, _engine.Queue.Summarize("xyz.com").Messages);
    }

    [Fact]
    public async Task EveryReply_CarriesAnEnhancedStatusCode()
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp);
        await smtp.SendAsync("EHLO client.example");
        string[] commands = ["NOOP", "RCPT TO:<bob@xyz.com>", "MAIL FROM:<a@b.example>", "MAIL FROM:<a@b.example>", "DATA", "VRFY bob", "RSET", "HELP", "QUIT"];
        var replies = new List<string>();
        foreach (var command in commands)
        {
            replies.Add(await smtp.SendAsync(command));
        }

        Assert.All(replies, r => Assert.Matches(new Regex(@"^[245]\d\d [245]\.\d{1,3}\.\d{1,3} \S"), r));
        Assert.DoesNotContain(replies, r => r.Contains("retry", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TooManyErrors_ClosesWith421()
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp);
        await smtp.SendAsync("EHLO client.example");
        for (var i = 0; i < 4; i++)
        {
            Assert.StartsWith("502 5.5.1", await smtp.SendAsync("BOGUS"));
        }

        var last = await smtp.SendAsync("BOGUS");
        var closing = await smtp.ReadReplyAsync();

        Assert.StartsWith("502 5.5.1", last);
        Assert.StartsWith("421 4.7.0", closing);
    }

    [Fact]
    public async Task OverlongCommandLine_Replies500AndSessionGoesOn()
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp);
        await smtp.SendAsync("EHLO client.example");

        Assert.StartsWith("500 5.5.6", await smtp.SendAsync("NOOP " + new string('a', 5000)));
        Assert.StartsWith("250 2.0.0", await smtp.SendAsync("NOOP"));
    }

    [Fact]
    public async Task Pipelining_RepliesInOrder()
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp);
        await smtp.SendAsync("EHLO client.example");
        await smtp.WriteAsync("MAIL FROM:<a@b.example>\r\nRCPT TO:<bob@evil.example>\r\nRCPT TO:<bob@xyz.com>\r\nDATA\r\n");

        Assert.StartsWith("250 2.1.0", await smtp.ReadReplyAsync());
        Assert.StartsWith("550 5.7.1", await smtp.ReadReplyAsync());
        Assert.StartsWith("250 2.1.5", await smtp.ReadReplyAsync());
        Assert.StartsWith("354", await smtp.ReadReplyAsync());
        await smtp.WriteAsync("Subject: p\r\n\r\nhi\r\n.\r\nQUIT\r\n");
        Assert.StartsWith("250 2.0.0 Ok: queued as ", await smtp.ReadReplyAsync());
        Assert.StartsWith("221 2.0.0", await smtp.ReadReplyAsync());
    }

    [Fact]
    public async Task Data_WithoutRecipients_Replies5xx()
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp);
        await smtp.SendAsync("EHLO client.example");
        await smtp.SendAsync("MAIL FROM:<a@b.example>");
        Assert.Matches(new Regex(@"^5\d\d 5\.\d\.\d "), await smtp.SendAsync("DATA"));
    }
}
