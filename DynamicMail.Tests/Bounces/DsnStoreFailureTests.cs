using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using DynamicMail.Smtp.Storage.LiteDb;

namespace DynamicMail.Tests.Bounces;

/// <summary>
/// Issue #22, finding 8: a DSN the store will not take is not retried for ever. After three failed settlements (a
/// second apart, then two, then four) the message's state moves on without it, logged; delivery is not held up.
/// </summary>
public sealed class DsnStoreFailureTests : HostileDeliveryTest
{
    protected override void Override(IServiceCollection services)
    {
        // A failing disk is what a real part cannot produce on demand: the real queue, refusing only DSN settlements.
        services.AddSingleton(sp => new DsnStoreFailingQueue(sp.GetRequiredService<LiteDbMailQueue>()));
        services.AddSingleton<IMailQueue>(sp => sp.GetRequiredService<DsnStoreFailingQueue>());
    }

    [Fact]
    public async Task DsnTheStoreRefuses_IsTriedThreeTimes_ThenTheMessageMovesOnWithoutIt()
    {
        Sink.RcptReply = a => a.StartsWith("nobody", StringComparison.Ordinal) ? "550 5.1.1 no such user" : "250 2.1.5 ok";
        var id = await QueueAsync("alice@sender.example", "half refused", "nobody@xyz.com", "bob@xyz.com");

        GoOnline();

        await Sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(15));
        await Wait.Until(() => IsGone(id), "the message settled without its DSN", 30000);
        Assert.Equal(3, Engine.Services.GetRequiredService<DsnStoreFailingQueue>().FailedSettlements);
        Assert.Equal(0, Engine.Services.GetRequiredService<IOutbox>().Count());
        Assert.Empty(SmartHost.Messages);
    }
}
