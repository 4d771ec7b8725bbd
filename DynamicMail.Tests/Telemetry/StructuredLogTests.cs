using System.Net;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Tests.Telemetry;

/// <summary>Issue #14: one log line per SMTP session and per delivered recipient, with the queue id, never the body.</summary>
public sealed class StructuredLogTests : IAsyncDisposable
{
    private const string BodyMarker = "body-marker-7f3a9c";
    private readonly TempDirectory _dir = new();
    private readonly ScriptedSmtpServer _sink = new();
    private readonly LogCapture _log = new();

    public async ValueTask DisposeAsync()
    {
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task SessionAndDeliveryLines_CarryTheQueueId_AndNeverTheBody()
    {
        using var web = new WebAppHost(_dir.Path, _sink.Port, configure: s => s.AddSingleton<ILoggerProvider>(_log));
        string id;
        await using (var smtp = await SmtpDialogue.ConnectAsync(web.Smtp))
        {
            await smtp.SendAsync("EHLO client.example");
            var reply = await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], $"Subject: logged\r\n\r\n{BodyMarker}");
            id = QueueReading.QueueId(reply);
            Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<alice@sender.example>"));
            Assert.StartsWith("550", await smtp.SendAsync("RCPT TO:<x@elsewhere.example>"));
            Assert.StartsWith("221", await smtp.SendAsync("QUIT"));
        }
        await Wait.Until(() => Line("SMTP session") is not null, "session line");
        var presence = web.Services.GetRequiredService<PresenceRegistry>();
        presence.Register("tab-1", "xyz.com", IPAddress.Loopback);
        await Wait.Until(() => Line($"Delivery {id}") is not null, "delivery line");
        presence.Unregister("tab-1");
        var board = web.Services.GetRequiredService<DomainStatusBoard>();
        await Wait.Until(() => board.Get("xyz.com").State == DeliveryState.Offline, "delivery stopped");

        var queued = Line($"Queued {id}")!;
        Assert.Contains("client=127.0.0.1", queued, StringComparison.Ordinal);
        Assert.Contains("tls=none", queued, StringComparison.Ordinal);
        var session = Line("SMTP session")!;
        Assert.Contains($"queued={id}", session, StringComparison.Ordinal);
        Assert.Contains("messages=1", session, StringComparison.Ordinal);
        Assert.Contains("refused=1", session, StringComparison.Ordinal);
        Assert.Contains("helo=client.example", session, StringComparison.Ordinal);
        Assert.Contains("result=closed", session, StringComparison.Ordinal);
        var delivery = Line($"Delivery {id}")!;
        Assert.Contains("from=<alice@sender.example>", delivery, StringComparison.Ordinal);
        Assert.Contains("rcpts=1 sent=1 deferred=0 refused=0", delivery, StringComparison.Ordinal);
        Assert.Contains("tls=", delivery, StringComparison.Ordinal);
        Assert.Contains("status=sent", delivery, StringComparison.Ordinal);
        Assert.DoesNotContain(_log.Lines, l => l.Contains(BodyMarker, StringComparison.Ordinal));
    }

    private string? Line(string start) => _log.Lines.FirstOrDefault(l => l.Contains(": " + start, StringComparison.Ordinal));
}
