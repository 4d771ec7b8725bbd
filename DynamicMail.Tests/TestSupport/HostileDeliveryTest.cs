using System.Globalization;
using System.Net;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Presence;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.TestSupport;

/// <summary>
/// The real engine whose domain xyz.com delivers to a scripted customer server on loopback, with DSNs going to a
/// second scripted server as smart host; the customer's page is played through the presence API.
/// </summary>
public abstract class HostileDeliveryTest : IAsyncLifetime
{
    protected TempDirectory Dir { get; } = new();
    protected ScriptedSmtpServer Sink { get; } = new();
    protected ScriptedSmtpServer SmartHost { get; } = new();
    protected EngineHost Engine { get; private set; } = null!;

    /// <summary>Settings on top of the scenario's own.</summary>
    protected virtual IDictionary<string, string?> Extra => new Dictionary<string, string?>();

    protected virtual void AddServices(IServiceCollection services)
    {
    }

    /// <summary>Replaces engine parts after the engine registered itself.</summary>
    protected virtual void Override(IServiceCollection services)
    {
    }

    public virtual async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["DynamicMail:Domains:0:DeliveryPort"] = Sink.Port.ToString(CultureInfo.InvariantCulture),
            ["DynamicMail:Delivery:AllowPrivateTargets"] = "true",
            ["DynamicMail:Delivery:RetryInterval"] = "00:00:00.300",
            ["DynamicMail:Bounces:SmartHostPort"] = SmartHost.Port.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in Extra)
        {
            settings[k] = v;
        }
        Engine = await EngineHost.StartAsync(Dir.Path, settings, AddServices, Override);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Sink.DisposeAsync();
        await SmartHost.DisposeAsync();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    protected PresenceRegistry Presence => Engine.Services.GetRequiredService<PresenceRegistry>();
    protected DomainStatusBoard Board => Engine.Services.GetRequiredService<DomainStatusBoard>();

    protected void GoOnline() => Presence.Register("tab-1", "xyz.com", IPAddress.Loopback);

    protected void GoOffline() => Presence.Unregister("tab-1");

    /// <summary>Queues one message through the real MX listener; its queue id.</summary>
    protected async Task<string> QueueAsync(string sender, string subject, params string[] recipients)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        return QueueReading.QueueId(await smtp.SendMessageAsync(sender, recipients, $"Subject: {subject}\r\n\r\nbody of {subject}"));
    }

    /// <summary>Queues <paramref name="count"/> one-recipient messages from alice, oldest first.</summary>
    protected async Task<List<string>> QueueManyAsync(int count, string subject = "normal")
    {
        var ids = new List<string>();
        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        for (var i = 0; i < count; i++)
        {
            ids.Add(QueueReading.QueueId(await smtp.SendMessageAsync("alice@sender.example", [$"u{i}@xyz.com"], $"Subject: {subject} {i}\r\n\r\nbody {i}")));
        }
        return ids;
    }

    protected bool IsGone(string id) => Engine.Queue.Find(id) is null;
}
