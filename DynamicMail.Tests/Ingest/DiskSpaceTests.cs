using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using DynamicMail.Smtp.Storage.LiteDb;

namespace DynamicMail.Tests.Ingest;

/// <summary>A full disk gets 452 4.3.1, keeps the session usable and stores nothing half-written.</summary>
public sealed class DiskSpaceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task FreeSpaceBelowTheMinimum_Mail_Replies452_AndTheSessionGoesOn()
    {
        await using var engine = await EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?>
        {
            ["DynamicMail:Queue:MinFreeBytes"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await using var smtp = await SmtpDialogue.ConnectAsync(engine.Smtp);
        await smtp.SendAsync("EHLO client.example");

        Assert.StartsWith("452 4.3.1", await smtp.SendAsync("MAIL FROM:<alice@sender.example>"));
        Assert.StartsWith("250", await smtp.SendAsync("NOOP"));
        Assert.StartsWith("452 4.3.1", await smtp.SendAsync("MAIL FROM:<alice@sender.example>"));
        Assert.Equal(0, engine.Queue.Summarize("xyz.com").Messages);
    }

    [Fact]
    public async Task DiskFullWhileCommitting_Data_Replies452_StoresNothing_AndTheSessionGoesOn()
    {
        var flush = new DiskFullFlush();
        await using var engine = await EngineHost.StartAsync(_dir.Path, services: s => s.AddSingleton<IDurableFlush>(flush));
        flush.Full = true;
        await using var smtp = await SmtpDialogue.ConnectAsync(engine.Smtp);
        await smtp.SendAsync("EHLO client.example");

        var reply = await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: full\r\n\r\nhi");

        Assert.StartsWith("452 4.3.1", reply);
        Assert.Empty(engine.Queue.ListDomain("xyz.com", 0, 10));
        flush.Full = false;
        Assert.StartsWith("250 2.0.0", await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: room again\r\n\r\nhi"));
        Assert.Equal("room again", Assert.Single(engine.Queue.ListDomain("xyz.com", 0, 10)).Subject);
    }

    private sealed class DiskFullFlush : IDurableFlush
    {
        public volatile bool Full;

        public void Flush(FileStream file)
        {
            if (Full)
            {
                throw new IOException("No space left on device", 28);
            }
            file.Flush(flushToDisk: true);
        }
    }
}
