using System.Globalization;
using System.Net;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using DynamicMail.Smtp.Storage.LiteDb;

namespace DynamicMail.Tests.Queue;

/// <summary>"Retry now" on an online domain wakes its delivery at once, to a real SMTP sink.</summary>
public sealed class RetryNowTests : DeliveringEngineTest
{
    [Fact]
    public async Task RetryNow_DeliversAMessageThatWasScheduledForLater()
    {
        var id = await Mail.SendAsync(Engine.Smtp, "alice@sender.example", "bob@xyz.com", "later");
        await PostponeAsync(id, TimeSpan.FromMinutes(10));
        Engine.Services.GetRequiredService<PresenceRegistry>().Register("tab", "xyz.com", IPAddress.Loopback);
        // Both connections looked at the queue and found nothing due (not a sleep: the workers say they went idle).
        var board = Engine.Services.GetRequiredService<DomainStatusBoard>();
        await Wait.Until(() => board.IdleRounds("xyz.com") >= 2, "both workers idle with the message postponed");
        Assert.Empty(Sink.Messages);

        var result = await Engine.Services.GetRequiredService<IQueueAdmin>().RetryNowAsync(id, "tester");

        Assert.True(result.Done, result.Message);
        await Sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(5));
        await Wait.Until(() => Engine.Queue.Find(id) is null, "the delivered message left the queue", 5000);
        Assert.Contains(Engine.Services.GetRequiredService<IAuditLog>().Recent(5), e => e.Action == "message.retried" && e.Target == id);
    }

    /// <summary>Arrange: as if an earlier attempt had been deferred for <paramref name="delay"/>.</summary>
    private async Task PostponeAsync(string id, TimeSpan delay)
    {
        var store = Engine.Services.GetRequiredService<LiteDbStore>();
        await store.WriteAsync(db =>
        {
            var col = db.GetCollection<QueuedMessage>("messages");
            var message = col.FindById(id);
            message.Recipients[0].NextAttemptAt = DateTime.UtcNow + delay;
            message.NextAttemptAt = MessageSchedule.NextAttempt(message);
            col.Update(message);
        }, durable: true);
    }
}
