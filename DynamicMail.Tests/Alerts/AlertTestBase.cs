using System.Globalization;
using DynamicMail.Smtp.Alerts;
using DynamicMail.Smtp.Domains;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace DynamicMail.Tests.Alerts;

/// <summary>
/// The real engine on a fake clock with a real SMTP server as the smart host (alert e-mails and DSNs arrive there)
/// and a real HTTP listener for webhooks. The periodic worker is left out unless a test wants it: each test runs the
/// monitor itself, so "exactly once" is exact.
/// </summary>
public abstract class AlertTestBase : IAsyncLifetime
{
    protected TempDirectory Dir { get; } = new();
    protected ScriptedSmtpServer SmartHost { get; } = new();
    protected ScriptedSmtpServer Customer { get; } = new();
    protected WebhookSink Hooks { get; } = new();
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    protected EngineHost Engine { get; private set; } = null!;

    protected virtual bool WithWorker => false;

    internal AlertMonitor Monitor => Engine.Services.GetRequiredService<AlertMonitor>();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => Engine = await EngineHost.StartAsync(Dir.Path, new Dictionary<string, string?>
    {
        ["DynamicMail:Bounces:SmartHostPort"] = SmartHost.Port.ToString(CultureInfo.InvariantCulture),
        ["DynamicMail:Alerts:AllowPrivateWebhooks"] = "true",
        ["DynamicMail:Alerts:WebhookRetryDelay"] = "00:01:00",
        ["DynamicMail:Domains:0:DeliveryPort"] = Customer.Port.ToString(CultureInfo.InvariantCulture),
        ["DynamicMail:Delivery:AllowPrivateTargets"] = "true",
    }, services => services.AddSingleton<TimeProvider>(Time), overrides: services =>
    {
        if (!WithWorker)
        {
            services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(AlertWorker)));
        }
    });

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await SmartHost.DisposeAsync();
        await Customer.DisposeAsync();
        await Hooks.DisposeAsync();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    protected async Task<DomainResult> SetAsync(Action<DomainInput> change, string domain = "xyz.com")
    {
        var input = DomainInput.From(Engine.Domains.FindByName(domain)!);
        change(input);
        return await Engine.Services.GetRequiredService<IDomainAdmin>().UpdateAsync(domain, input, "tester");
    }

    protected async Task<string> QueueAsync(string recipient = "bob@xyz.com")
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        return QueueReading.QueueId(await smtp.SendMessageAsync("alice@sender.example", [recipient], "Subject: t\r\n\r\nhello"));
    }

    protected Task<IReadOnlyList<AlertRecord>> HistoryAsync(string domain = "xyz.com") =>
        Engine.Services.GetRequiredService<IAlertHistory>().OfAsync(domain, Ct);

    /// <summary>The alert e-mails the smart host received for <paramref name="to"/> (DSNs to senders are left out).</summary>
    protected IReadOnlyList<ScriptedSmtpServer.ReceivedMessage> MailsTo(string to) =>
        SmartHost.Messages.Where(m => m.Recipients.Contains(to)).ToList();
}
