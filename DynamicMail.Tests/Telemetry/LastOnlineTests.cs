using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamicMail.Tests.Telemetry;

/// <summary>
/// "Last online" for the waiting alert: the store's value (saved every few seconds) merged with the presence and ODMR
/// events this node saw, so a customer who left a moment ago counts from then even before the next save. The store
/// is a fixed dictionary here: the real one's lag is timing, which a test cannot pin down.
/// </summary>
public sealed class LastOnlineTests
{
    private static readonly DateTime Stored = new(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc);
    private readonly MailEventHub _events = new(NullLogger<MailEventHub>.Instance);
    private readonly FixedHistory _history = new(new Dictionary<string, DateTime> { ["xyz.com"] = Stored, ["abc.org"] = Stored });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LeavingOrAnOdmrSessionSeenHere_CountsBeforeItIsSaved_AndAnOlderEventNeverHidesTheStore()
    {
        using var lastOnline = new LastOnline(_events, _history);
        _events.Publish(new PresenceChanged("XYZ.com", Stored.AddHours(29), Present: false, null));
        _events.Publish(new OdmrSessionChanged("new.example", Stored.AddHours(2), "192.0.2.7", Active: false));
        _events.Publish(new PresenceChanged("abc.org", Stored.AddHours(-1), Present: true, "192.0.2.8"));
        _events.Publish(new MessageQueued("other.example", Stored.AddHours(3), "m1", "a@b.example", 10));

        var all = await lastOnline.AllAsync(Ct);

        Assert.Equal(Stored.AddHours(29), all["xyz.com"]);
        Assert.Equal(Stored.AddHours(2), all["new.example"]);
        Assert.Equal(Stored, all["abc.org"]);
        Assert.False(all.ContainsKey("other.example"));
    }

    [Fact]
    public async Task DeletedDomain_IsForgotten_HereAsInTheStore()
    {
        using var lastOnline = new LastOnline(_events, _history);
        _events.Publish(new PresenceChanged("xyz.com", Stored.AddHours(1), Present: false, null));
        _events.Publish(new DomainChanged("xyz.com", Stored.AddHours(2), "domain.delete"));
        _history.Values.Remove("xyz.com"); // the store deleted its row with the domain

        Assert.False((await lastOnline.AllAsync(Ct)).ContainsKey("xyz.com"));
    }

    private sealed class FixedHistory(Dictionary<string, DateTime> values) : IActivityHistory
    {
        public Dictionary<string, DateTime> Values { get; } = values;

        public Task<IReadOnlyDictionary<string, DateTime>> LastConnectedAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyDictionary<string, DateTime>>(new Dictionary<string, DateTime>(Values));

        public Task<IReadOnlyList<ActivityMinute>> MinutesAsync(DateTime since, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ActivityMinute>>([]);
    }
}
