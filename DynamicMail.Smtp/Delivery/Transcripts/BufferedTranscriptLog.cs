using DynamicMail.Smtp.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Delivery.Transcripts;

/// <summary>
/// Keeps new transcripts in memory and writes each domain's newest to the store about once a second, so a delivery
/// never waits for a store write of its transcript, and a flush of thousands of messages stores a few dozen
/// transcripts instead of one per message (only the newest <see cref="TranscriptLimits.PerDomain"/> are kept anyway).
/// Reads see the unwritten ones too. A crash loses at most the last second's transcripts, never mail.
/// </summary>
internal sealed class BufferedTranscriptLog(ITranscriptLog store, IMailEvents events, ILogger<BufferedTranscriptLog> logger)
    : BackgroundService, ITranscriptLog
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private IDisposable? _subscription;
    private Dictionary<string, List<SmtpTranscript>> _pending = new(StringComparer.OrdinalIgnoreCase);

    public Task SaveAsync(SmtpTranscript transcript)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(transcript.Domain, out var list))
            {
                _pending[transcript.Domain] = list = [];
            }
            list.Add(transcript);
            if (list.Count > TranscriptLimits.PerDomain)
            {
                list.Remove(list.MinBy(t => t, Newer)!); // older than every kept one: the store would trim it
            }
        }
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<SmtpTranscript>> ForDomainAsync(string domain, CancellationToken cancellationToken = default) =>
        Newest(Pending(t => string.Equals(t.Domain, domain, StringComparison.OrdinalIgnoreCase)),
            await store.ForDomainAsync(domain, cancellationToken).ConfigureAwait(false));

    public async Task<IReadOnlyList<SmtpTranscript>> ForMessageAsync(string messageId, CancellationToken cancellationToken = default) =>
        Newest(Pending(t => t.MessageId == messageId), await store.ForMessageAsync(messageId, cancellationToken).ConfigureAwait(false));

    /// <summary>Writes what is waiting now (also at shutdown).</summary>
    public async Task FlushAsync()
    {
        Dictionary<string, List<SmtpTranscript>> taken;
        lock (_gate)
        {
            if (_pending.Count == 0) { return; }
            (taken, _pending) = (_pending, new(StringComparer.OrdinalIgnoreCase));
        }
        foreach (var t in taken.Values.SelectMany(l => l).Order(Newer))
        {
            try
            {
                await store.SaveAsync(t).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The transcript of an attempt for {Domain} was not kept", t.Domain);
            }
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // A deleted domain's unwritten transcripts go with it, at once (the store dropped its rows in the delete).
        _subscription = events.Subscribe(e =>
        {
            if (e is DomainChanged { What: "domain.delete" })
            {
                lock (_gate) { _pending.Remove(e.Domain); }
            }
        });
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FlushInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await FlushAsync().ConfigureAwait(false);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
    }

    private List<SmtpTranscript> Pending(Func<SmtpTranscript, bool> match)
    {
        lock (_gate)
        {
            return _pending.Values.SelectMany(l => l).Where(match).ToList();
        }
    }

    private static List<SmtpTranscript> Newest(List<SmtpTranscript> pending, IReadOnlyList<SmtpTranscript> stored) =>
        pending.Concat(stored).DistinctBy(t => t.Id).OrderDescending(Newer).Take(TranscriptLimits.PerDomain).ToList();

    /// <summary>The store's order: by time, then by id (ordinal).</summary>
    private static readonly Comparer<SmtpTranscript> Newer = Comparer<SmtpTranscript>.Create((a, b) =>
        a.At != b.At ? a.At.CompareTo(b.At) : string.CompareOrdinal(a.Id, b.Id));
}
