using System.Collections;
using DynamicMail.Smtp.Alerts;
using DynamicMail.Smtp.Delivery.Transcripts;
using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Recipients;
using DynamicMail.Smtp.Storage.LiteDb;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DynamicMail.Tests.Storage;

/// <summary>The store contract on the embedded store: a real LiteDB file (and spool folder) in a temporary folder.</summary>
public sealed class LiteDbStoreContractTests : StoreContract
{
    private readonly TempDirectory _dir = new();

    protected override void AddStore(IServiceCollection services)
    {
        services.AddSingleton(Options.Create(new StoreOptions { DataDirectory = _dir.Path }));
        services.AddLiteDbStorage();
    }

    /// <summary>
    /// LiteDB keeps every compiled query in a static cache keyed by its text, for the life of the process. Queries that
    /// wrote the value into the text (LiteDB's own <c>Query.EQ</c> and the like) added one per queue id, domain and
    /// "now": 200,000 after 100,000 messages, ~300 MB of an idle service. Reads with 200 different values must not
    /// grow it by anything like 200 (other classes running at once may add a few texts of their own).
    /// </summary>
    [Fact]
    public async Task Queries_WithEverChangingValues_DoNotGrowLiteDbsExpressionCache()
    {
        var alerts = Get<IAlertStore>();
        var refused = Get<IRecipientListStore>();
        var transcripts = Get<ITranscriptLog>();
        await RoundAsync(0); // every query text compiled once
        var before = CachedExpressions();

        for (var i = 1; i <= 50; i++)
        {
            await RoundAsync(i);
        }

        var grown = CachedExpressions() - before;
        Assert.True(grown < 50, $"LiteDB's expression cache grew by {grown} for 200 reads with new values");

        async Task RoundAsync(int i)
        {
            await Queue.DueForAgeingAsync(Now.AddSeconds(i), 10, Ct);
            await Outbox.ClaimDueAsync(Now.AddSeconds(i), 10, TimeSpan.FromMinutes(1), Ct);
            await alerts.HistoryAsync($"d{i}.example", Ct);
            await refused.RefusedAsync($"d{i}.example", Ct);
            await transcripts.ForMessageAsync($"id{i}", Ct);
        }
    }

    private static int CachedExpressions() =>
        typeof(LiteDB.BsonExpression).GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)
            .Select(f => f.GetValue(null)).OfType<ICollection>().Sum(c => c.Count);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }
}
