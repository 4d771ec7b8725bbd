using System.Net;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Telemetry;

/// <summary>Issue #14: the dashboard's "last online" and per-minute chart survive a restart of the service.</summary>
public sealed class ActivityHistoryTests : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ScriptedSmtpServer _sink = new();

    public async ValueTask DisposeAsync()
    {
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task LastConnectedAndLastHour_AfterARestart_AreWhatTheFirstRunSaw()
    {
        DateTime? connected;
        using (var first = new WebAppHost(_dir.Path, _sink.Port))
        {
            for (var i = 0; i < 3; i++)
            {
                await Mail.SendAsync(first.Smtp, "alice@sender.example", "bob@xyz.com", $"history {i}");
            }
            var presence = first.Services.GetRequiredService<PresenceRegistry>();
            presence.Register("tab-1", "xyz.com", IPAddress.Loopback);
            await _sink.WaitForRecipientsAsync(3, TimeSpan.FromSeconds(20));
            var activity = first.Services.GetRequiredService<ConsoleActivity>();
            await Wait.Until(() => activity.LastHour().Sum(m => m.Delivered) == 3, "deliveries counted");
            connected = activity.LastConnected("xyz.com");
            Assert.NotNull(connected);
            presence.Unregister("tab-1");
            var board = first.Services.GetRequiredService<DomainStatusBoard>();
            await Wait.Until(() => board.Get("xyz.com").State == DeliveryState.Offline, "delivery stopped");
            // "Last connected" is the last time online: leaving counts too.
            Assert.True(activity.LastConnected("xyz.com") >= connected);
            connected = activity.LastConnected("xyz.com");
        }

        using var second = new WebAppHost(_dir.Path, _sink.Port);
        var restored = second.Services.GetRequiredService<ConsoleActivity>();

        Assert.Equal(connected, restored.LastConnected("xyz.com"));
        Assert.Null(restored.LastConnected("abc.org"));
        Assert.Equal(3, restored.LastHour().Sum(m => m.Accepted));
        Assert.Equal(3, restored.LastHour().Sum(m => m.Delivered));
    }
}
