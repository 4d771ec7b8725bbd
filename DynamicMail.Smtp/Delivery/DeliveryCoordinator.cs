using System.Threading.Channels;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Presence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Delivery;

/// <summary>
/// Starts a domain's delivery when it becomes present, stops it when it goes, wakes it when mail arrives. Every start
/// and stop runs in order on one loop; shutdown ends that loop first (a switch in progress finishes, queued ones are
/// dropped), then stops every agent, so no agent can start once shutdown has begun.
/// </summary>
internal sealed class DeliveryCoordinator(
    PresenceRegistry presence, IDomainDirectory domains, DeliveryContextFactory contexts, DomainStatusBoard board, IMailEvents events,
    ILogger<DeliveryCoordinator> logger) : IHostedService
{
    private readonly Dictionary<string, DomainDeliveryAgent> _agents = new(StringComparer.OrdinalIgnoreCase);
    private readonly Channel<string> _switches = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private volatile bool _stopping;
    private Task _loop = Task.CompletedTask;
    private IDisposable? _subscription;

    /// <summary>Domains with a running delivery agent.</summary>
    public int Running
    {
        get { lock (_agents) { return _agents.Count; } }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(SwitchLoopAsync, CancellationToken.None);
        presence.Changed += OnPresenceChanged;
        _subscription = events.Subscribe(e =>
        {
            if (e is MessageQueued or MessageLeftQueue or QueueChanged or BulkBatchApplied) { Agent(e.Domain)?.Pulse(); }
            // An operator changed the domain: restart its delivery with the new settings (or stop it when disabled or deleted).
            if (e is DomainChanged && presence.Of(e.Domain) is not null) { _switches.Writer.TryWrite(e.Domain); }
        });
        return Task.CompletedTask;
    }

    private DomainDeliveryAgent? Agent(string domain)
    {
        lock (_agents) { return _agents.GetValueOrDefault(domain); }
    }

    private void OnPresenceChanged(string domain, DomainPresence? now) => _switches.Writer.TryWrite(domain);

    private async Task SwitchLoopAsync()
    {
        // Ends when shutdown completes the channel; switches still queued then are dropped.
        await foreach (var domain in _switches.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (!_stopping)
            {
                await SwitchAsync(domain).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Brings one domain's delivery in line with its presence now: stops its agent, starts a new one if present.</summary>
    private async Task SwitchAsync(string domain)
    {
        try
        {
            await StopAsync(domain).ConfigureAwait(false);
            var current = presence.Of(domain);
            if (current is null || domains.FindByName(domain) is not { Disabled: false } record)
            {
                board.Offline(domain);
                return;
            }
            if (contexts.ActiveHold(record) is { } hold)
            {
                board.Held(domain, hold);
                logger.LogInformation("{Domain} is online but held until {Until}: nothing is delivered", domain, hold.Until);
                return;
            }
            var (ctx, refusal) = contexts.Create(record, current.Address);
            if (ctx is null)
            {
                board.TargetRefused(domain, refusal!);
                return;
            }
            if (_stopping)
            {
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

    /// <summary>Stops taking presence changes, waits for the switch in progress, then stops every agent.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        presence.Changed -= OnPresenceChanged;
        _subscription?.Dispose();
        _stopping = true;
        _switches.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        List<DomainDeliveryAgent> all;
        lock (_agents) { all = [.. _agents.Values]; _agents.Clear(); }
        await Task.WhenAll(all.Select(a => a.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}
