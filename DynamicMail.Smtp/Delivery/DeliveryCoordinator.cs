using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Delivery;

/// <summary>Starts a domain's delivery when it becomes present, stops it when it goes, wakes it when mail arrives.</summary>
internal sealed class DeliveryCoordinator(
    PresenceRegistry presence, IDomainDirectory domains, DeliveryContextFactory contexts, DomainStatusBoard board, IMailEvents events,
    ILogger<DeliveryCoordinator> logger) : IHostedService, IDisposable
{
    private readonly Dictionary<string, DomainDeliveryAgent> _agents = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        presence.Changed += OnPresenceChanged;
        _subscription = events.Subscribe(e =>
        {
            if (e is MessageQueued or MessageLeftQueue or QueueChanged or BulkBatchApplied) { Agent(e.Domain)?.Pulse(); }
            // An operator changed the domain: restart its delivery with the new settings (or stop it when disabled or deleted).
            if (e is DomainChanged && presence.Of(e.Domain) is not null) { _ = SwitchAsync(e.Domain, presence.Of(e.Domain)); }
        });
        return Task.CompletedTask;
    }

    private DomainDeliveryAgent? Agent(string domain)
    {
        lock (_agents) { return _agents.GetValueOrDefault(domain); }
    }

    private void OnPresenceChanged(string domain, DomainPresence? now) => _ = SwitchAsync(domain, now);

    private async Task SwitchAsync(string domain, DomainPresence? now)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopAsync(domain).ConfigureAwait(false);
            var current = presence.Of(domain);
            if (current is null || domains.FindByName(domain) is not { Disabled: false } record)
            {
                board.Offline(domain);
                return;
            }
            var (ctx, refusal) = contexts.Create(record, current.Address);
            if (ctx is null)
            {
                board.TargetRefused(domain, refusal!);
                return;
            }
            var agent = new DomainDeliveryAgent(ctx);
            lock (_agents) { _agents[domain] = agent; }
            agent.Start();
            logger.LogInformation("{Domain} is online: delivering to {Target}", domain, ctx.Target);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Switching delivery for {Domain} failed", domain);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StopAsync(string domain)
    {
        DomainDeliveryAgent? agent;
        lock (_agents) { _agents.Remove(domain, out agent); }
        if (agent is not null)
        {
            await agent.DisposeAsync().ConfigureAwait(false);
            logger.LogInformation("{Domain} delivery stopped", domain);
        }
    }

    public void Dispose() => _gate.Dispose();

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        presence.Changed -= OnPresenceChanged;
        _subscription?.Dispose();
        List<DomainDeliveryAgent> all;
        lock (_agents) { all = [.. _agents.Values]; _agents.Clear(); }
        await Task.WhenAll(all.Select(a => a.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}

/// <summary>Builds a domain's delivery context, applying the target policy.</summary>
internal sealed class DeliveryContextFactory(
    IMailQueue queue, IMailSender sender, DomainStatusBoard board, IMailEvents events, IOptions<DeliveryOptions> options, TimeProvider time, ILoggerFactory loggers)
{
    public (DeliveryContext? Context, string? Refusal) Create(CustomerDomain domain, System.Net.IPAddress browser)
    {
        var (target, refusal) = TargetPolicy.Resolve(domain, browser, options.Value.AllowPrivateTargets);
        return target is null
            ? (null, refusal)
            : (new DeliveryContext(domain, target, queue, sender, board, events, options.Value, time, loggers.CreateLogger("DynamicMail.Delivery")), null);
    }
}
