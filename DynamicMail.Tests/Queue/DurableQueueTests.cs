using System.Text;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using MailKit.Net.Smtp;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using DynamicMail.Smtp.Storage.LiteDb;

namespace DynamicMail.Tests.Queue;

/// <summary>250 means on disk: what is acknowledged is stored once, byte for byte, and survives a restart.</summary>
public sealed class DurableQueueTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static MimeMessage Sample(string to, string subject, int bodyBytes = 200)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("alice@sender.example"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = new string('b', bodyBytes) };
        return message;
    }

    private static async Task<string> SendWithMailKitAsync(EngineHost engine, MimeMessage message)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(engine.Smtp.Address.ToString(), engine.Smtp.Port, MailKit.Security.SecureSocketOptions.None);
        var reply = await client.SendAsync(message);
        await client.DisconnectAsync(true);
        return reply;
    }

    [Fact]
    public async Task MailKitMessage_IsStoredExactly_AndSurvivesRestart()
    {
        var message = Sample("bob@xyz.com", "Exact bytes");
        var original = Encoding.ASCII.GetString(ToBytes(message));
        string id;
        byte[] before;
        await using (var engine = await EngineHost.StartAsync(_dir.Path))
        {
            id = QueueReading.QueueId(await SendWithMailKitAsync(engine, message));
            var queued = engine.Queue.Find(id)!;
            before = engine.Queue.ReadContent(queued);
            Assert.Equal("xyz.com", queued.Domain);
            Assert.Equal("alice@sender.example", queued.Sender);
            Assert.Equal("Exact bytes", queued.Subject);
            Assert.Equal(["bob@xyz.com"], queued.Recipients.Select(r => r.Address));
            Assert.All(queued.Recipients, r => Assert.Equal(RecipientState.Queued, r.State));
        }

        await using var reopened = await EngineHost.StartAsync(_dir.Path);
        var after = reopened.Queue.ReadContent(reopened.Queue.Find(id)!);

        Assert.Equal(before, after);
        var text = Encoding.ASCII.GetString(after);
        Assert.StartsWith("Received: from ", text);
        Assert.Contains($"by mx.test (DynamicMail) with ESMTP id {id}", text);
        Assert.EndsWith(original.TrimEnd('\r', '\n'), text.TrimEnd('\r', '\n'));
    }

    [Fact]
    public async Task LargeMessage_IsSpooled_AndSurvivesRestart()
    {
        var message = Sample("bob@xyz.com", "Large", bodyBytes: 3 * 1024 * 1024);
        string id;
        byte[] before;
        await using (var engine = await EngineHost.StartAsync(_dir.Path))
        {
            id = QueueReading.QueueId(await SendWithMailKitAsync(engine, message));
            var queued = engine.Queue.Find(id)!;
            Assert.NotNull(queued.SpoolFile);
            before = engine.Queue.ReadContent(queued);
        }

        await using var reopened = await EngineHost.StartAsync(_dir.Path);
        Assert.Equal(before, reopened.Queue.ReadContent(reopened.Queue.Find(id)!));
    }

    [Fact]
    public async Task RecipientsInTwoDomains_AreQueuedPerDomain()
    {
        await using var engine = await EngineHost.StartAsync(_dir.Path);
        await using var smtp = await SmtpDialogue.ConnectAsync(engine.Smtp);
        await smtp.SendAsync("EHLO client.example");

        var reply = await smtp.SendMessageAsync("alice@sender.example", ["a@xyz.com", "b@abc.org", "c@xyz.com", "postmaster"], "Subject: split\r\n\r\nhi");

        var ids = reply["250 2.0.0 Ok: queued as ".Length..].Split(' ');
        var messages = ids.Select(i => engine.Queue.Find(i)!).ToList();
        Assert.Equal(["a@xyz.com", "c@xyz.com"], messages.Single(m => m.Domain == "xyz.com").Recipients.Select(r => r.Address));
        Assert.Equal(["b@abc.org"], messages.Single(m => m.Domain == "abc.org").Recipients.Select(r => r.Address));
        Assert.Equal(["postmaster@mx.test"], messages.Single(m => m.Domain == "mx.test").Recipients.Select(r => r.Address));
    }

    [Fact]
    public async Task WhenFlushFails_Replies451_AndStoresNothing()
    {
        var flush = new SwitchableFlush();
        await using var engine = await EngineHost.StartAsync(_dir.Path, services: s => s.AddSingleton<IDurableFlush>(flush));
        flush.Fail = true;
        await using var smtp = await SmtpDialogue.ConnectAsync(engine.Smtp);
        await smtp.SendAsync("EHLO client.example");

        var reply = await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: lost?\r\n\r\nhi");

        Assert.StartsWith("451 4.3.0", reply);
        Assert.Empty(engine.Queue.ListDomain("xyz.com", 0, 10));
        Assert.Equal(0, engine.Queue.Summarize("xyz.com").Messages);
        flush.Fail = false;
        Assert.StartsWith("250 2.0.0", await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: again\r\n\r\nhi"));
        Assert.Single(engine.Queue.ListDomain("xyz.com", 0, 10));
    }

    [Fact]
    public async Task DataReply_ComesOnlyAfterTheFlush()
    {
        var flush = new SwitchableFlush();
        await using var engine = await EngineHost.StartAsync(_dir.Path, services: s => s.AddSingleton<IDurableFlush>(flush));
        flush.Gate = new ManualResetEventSlim(false);
        await using var smtp = await SmtpDialogue.ConnectAsync(engine.Smtp);
        await smtp.SendAsync("EHLO client.example");
        await smtp.SendAsync("MAIL FROM:<alice@sender.example>");
        await smtp.SendAsync("RCPT TO:<bob@xyz.com>");
        await smtp.SendAsync("DATA");
        await smtp.WriteAsync("Subject: wait\r\n\r\nhi\r\n.\r\n");

        var early = smtp.ReadReplyAsync(TimeSpan.FromSeconds(30));
        // The store's writer has the message committed and is inside the fsync, held by the gate: the reply must not
        // have come, since the only thing it may wait for is this flush.
        await Wait.Until(() => flush.Waiting, "the writer is flushing the message", 30000);
        Assert.False(early.IsCompleted, "the 250 was sent before the store was flushed");

        flush.Gate.Set();
        Assert.StartsWith("250 2.0.0", await early);
        Assert.True(flush.Flushes >= 1);
    }

    [Fact]
    public async Task ParallelSenders_EveryAcknowledgedMessageIsStoredExactlyOnce()
    {
        await using var engine = await EngineHost.StartAsync(_dir.Path);
        var acknowledged = await Task.WhenAll(Enumerable.Range(0, 20).Select(async sender =>
        {
            var ids = new List<string>();
            await using var smtp = await SmtpDialogue.ConnectAsync(engine.Smtp);
            await smtp.SendAsync("EHLO sender" + sender);
            for (var i = 0; i < 10; i++)
            {
                var reply = await smtp.SendMessageAsync($"s{sender}@sender.example", ["bob@xyz.com"], $"Subject: {sender}-{i}\r\n\r\nhi");
                Assert.StartsWith("250 2.0.0", reply);
                ids.Add(QueueReading.QueueId(reply));
            }
            return ids;
        }));

        var all = acknowledged.SelectMany(x => x).ToList();
        var stored = engine.Queue.ListDomain("xyz.com", 0, 1000);
        Assert.Equal(200, all.Distinct().Count());
        Assert.Equal(all.Order(), stored.Select(m => m.Id).Order());
        Assert.Equal(200, stored.Select(m => m.Subject).Distinct().Count());
    }

    private static byte[] ToBytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(format, stream);
        return stream.ToArray();
    }

    private sealed class SwitchableFlush : IDurableFlush
    {
        public volatile bool Fail;
        public volatile bool Waiting;
        public int Flushes;
        public ManualResetEventSlim? Gate { get; set; }

        public void Flush(FileStream file)
        {
            Waiting = Gate is not null;
            Gate?.Wait(TimeSpan.FromSeconds(30));
            if (Fail)
            {
                throw new IOException("simulated failing disk");
            }
            file.Flush(flushToDisk: true);
            Interlocked.Increment(ref Flushes);
        }
    }
}
