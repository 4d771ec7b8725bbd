using System.Collections.Frozen;
using System.Collections.Immutable;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Operators;

namespace DynamicMail.Smtp.Recipients;

/// <summary>The recipient lists, mirrored in an immutable in-memory map for the RCPT hot path; writes go to the store first.</summary>
internal sealed class RecipientLists : IRecipientLists
{
    private static readonly FrozenSet<string> Empty = FrozenSet<string>.Empty;
    private readonly IRecipientListStore _store;
    private readonly IDomainDirectory _domains;
    private readonly IMailEvents _events;
    private readonly TimeProvider _time;
    private ImmutableDictionary<string, FrozenSet<string>> _lists;

    public RecipientLists(IRecipientListStore store, IDomainDirectory domains, IMailEvents events, TimeProvider time)
    {
        (_store, _domains, _events, _time) = (store, domains, events, time);
        // Once, at start-up, before the listeners start: every later read is from memory (or a reload below).
        _lists = ToMap(store.AllAsync().GetAwaiter().GetResult());
    }

    private static ImmutableDictionary<string, FrozenSet<string>> ToMap(
        IReadOnlyDictionary<string, IReadOnlyList<string>> all) =>
        all.ToImmutableDictionary(
            l => l.Key, l => l.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Reads every list from the store again: another node sharing the store changed one (<paramref name="domain"/>,
    /// announced), or this node may have missed announcements (null, after reconnecting).
    /// </summary>
    internal async Task ReloadAsync(string? domain, CancellationToken cancellationToken)
    {
        _lists = ToMap(await _store.AllAsync(cancellationToken).ConfigureAwait(false));
        if (domain is not null)
        {
            _events.Publish(new DomainChanged(domain, _time.GetUtcNow().UtcDateTime, "domain.recipients"));
        }
    }

    public bool Accepts(string domain, string localPart) =>
        RecipientEntries.Accepts(_lists.GetValueOrDefault(domain, Empty), localPart, domain);

    public IReadOnlyList<string> Get(string domain) =>
        _lists.GetValueOrDefault(domain, Empty).Order(StringComparer.Ordinal).ToList();

    public async Task<RecipientListResult> SetAsync(string domain, IEnumerable<string> entries, string by)
    {
        if (_domains.FindByName(domain) is not { } found)
        {
            return new RecipientListResult([], [$"There is no domain named {domain}."], DomainMissing: true);
        }
        var (list, errors) = Check(entries, found.Name);
        if (errors.Count > 0)
        {
            return new RecipientListResult([], errors);
        }
        await StoreAsync(found.Name, list, Entry(by, found.Name, list.Count == 0 ? "list removed: every recipient accepted" : $"{list.Count} entries"))
            .ConfigureAwait(false);
        Announce(found.Name);
        return new RecipientListResult(list, []);
    }

    public Task<IReadOnlyList<RefusedRecipient>> RefusedAsync(string domain, CancellationToken cancellationToken = default) =>
        _store.RefusedAsync(domain.ToLowerInvariant(), cancellationToken);

    public async Task<RecipientListResult> RemoveRefusedAsync(string domain, IReadOnlyCollection<string> addresses, string by)
    {
        var current = Get(domain);
        var remove = addresses.Select(a => a.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var result = await SetAsync(domain, current.Where(e => !remove.Contains(e)), by).ConfigureAwait(false);
        if (result.Ok)
        {
            await _store.ForgetRefusedAsync(domain.ToLowerInvariant(), remove).ConfigureAwait(false);
        }
        return result;
    }

    public async Task DismissRefusedAsync(string domain, IReadOnlyCollection<string> addresses, string by)
    {
        await _store.ForgetRefusedAsync(domain.ToLowerInvariant(), addresses.Select(a => a.Trim().ToLowerInvariant()).ToList(),
            Entry(by, domain.ToLowerInvariant(), $"{addresses.Count} refused addresses dismissed")).ConfigureAwait(false);
        Announce(domain.ToLowerInvariant());
    }

    /// <summary>
    /// The domain was deleted: the store dropped its list and refusals with it; this drops this node's copy, so a
    /// domain created again under the name starts empty.
    /// </summary>
    internal void ForgetDomain(string domain) => ImmutableInterlocked.Update(ref _lists, m => m.Remove(domain));

    private async Task StoreAsync(string domain, List<string> list, AuditEntry audit)
    {
        await _store.SetAsync(domain, list, audit).ConfigureAwait(false);
        ImmutableInterlocked.Update(ref _lists, m => list.Count == 0 ? m.Remove(domain) : m.SetItem(domain, list.ToFrozenSet(StringComparer.Ordinal)));
    }

    private static (List<string> List, List<string> Errors) Check(IEnumerable<string> entries, string domain)
    {
        var list = new SortedSet<string>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var typed in entries.Where(e => !string.IsNullOrWhiteSpace(e)))
        {
            var (entry, error) = RecipientEntries.Normalize(typed, domain);
            if (error is not null && errors.Count < 20)
            {
                errors.Add(error);
            }
            else if (entry is not null && list.Add(entry) && list.Count > RecipientEntries.MaxEntries)
            {
                return ([], [$"A list may hold at most {RecipientEntries.MaxEntries} entries; use *@{domain} to accept every address."]);
            }
        }
        return ([.. list], errors);
    }

    /// <summary>The audit entry a list change commits with.</summary>
    private AuditEntry Entry(string by, string domain, string detail) =>
        new(_time.GetUtcNow().UtcDateTime, by, "domain.recipients", domain, detail);

    private void Announce(string domain) => _events.Publish(new DomainChanged(domain, _time.GetUtcNow().UtcDateTime, "domain.recipients"));
}
