using System.Net;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DynamicMail.Tests.Delivery;

/// <summary>
/// Mail that arrives while the customer is present goes out because its arrival wakes the idle workers, not because
/// a timer ran out: with the clock stopped no timer ever fires, so only the wake-up can deliver it.
/// </summary>
public sealed class ArrivalWakeTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ScriptedSmtpServer _sink = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private EngineHost _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?>
    {
        ["DynamicMail:Domains:0:DeliveryPort"] = _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DynamicMail:Delivery:AllowPrivateTargets"] = "true",
    }, s => s.AddSingleton<TimeProvider>(_clock));

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task WithTheClockStopped_MailArrivingWhileIdle_IsDelivered()
    {
        var board = _engine.Services.GetRequiredService<DomainStatusBoard>();
        _engine.Services.GetRequiredService<PresenceRegistry>().Register("tab-1", "xyz.com", IPAddress.Loopback);
        await Wait.Until(() => board.Get("xyz.com").State == DeliveryState.Waiting, "idle and waiting");

        await using (var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp))
        {
            await smtp.SendAsync("EHLO sender.example");
            Assert.StartsWith("250", await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: wake\r\n\r\nhi"));
        }

        await _sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(15));
    }
}
