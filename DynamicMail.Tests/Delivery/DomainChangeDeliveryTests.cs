using System.Globalization;
using System.Net;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Delivery;

/// <summary>An operator's change to an online domain takes effect at once: disabling stops delivery, a new port is used.</summary>
public sealed class DomainChangeDeliveryTests : DeliveringEngineTest
{
    private readonly ScriptedSmtpServer _otherSink = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _otherSink.DisposeAsync();
    }
    private DomainStatusBoard Board => Engine.Services.GetRequiredService<DomainStatusBoard>();
    private DomainAdmin Admin => Engine.Services.GetRequiredService<DomainAdmin>();

    private async Task ChangeAsync(Action<DomainInput> change)
    {
        var input = DomainInput.From(Engine.Domains.FindByName("xyz.com")!);
        change(input);
        var result = await Admin.UpdateAsync("xyz.com", input, "tester");
        Assert.True(result.Ok, result.Message);
    }

    [Fact]
    public async Task Disable_StopsDeliveryAtOnce_AndEnableResumesIt()
    {
        Engine.Services.GetRequiredService<PresenceRegistry>().Register("tab", "xyz.com", IPAddress.Loopback);
        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Waiting, "online", 5000);

        await ChangeAsync(d => d.Disabled = true);
        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Offline, "delivery stopped", 5000);

        await ChangeAsync(d => d.Disabled = false);
        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Waiting, "delivery resumed", 5000);
        await Mail.SendAsync(Engine.Smtp, "alice@sender.example", "bob@xyz.com", "after enable");
        await Sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task NewDeliveryPort_IsUsedWithoutReconnecting()
    {
        Engine.Services.GetRequiredService<PresenceRegistry>().Register("tab", "xyz.com", IPAddress.Loopback);
        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Waiting, "online", 5000);

        await ChangeAsync(d => d.DeliveryPort = _otherSink.Port);
        await Wait.Until(() => Board.Get("xyz.com").Target?.Port == _otherSink.Port, "new target", 5000);
        await Mail.SendAsync(Engine.Smtp, "alice@sender.example", "bob@xyz.com", "to the new port");

        await _otherSink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(5));
        Assert.Empty(Sink.Messages);
    }
}
