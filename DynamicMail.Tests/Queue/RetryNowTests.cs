using System.Globalization;
using System.Net;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Queue;

/// <summary>"Retry now" on an online domain wakes its delivery at once, to a real SMTP sink.</summary>
public sealed class RetryNowTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ScriptedSmtpServer _sink = new();
    private EngineHost _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?>
    {
        ["DynamicMail:Domains:0:DeliveryPort"] = _sink.Port.ToString(CultureInfo.InvariantCulture),
        ["DynamicMail:Delivery:AllowPrivateTargets"] = "true",
    });

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task RetryNow_DeliversAMessageThatWasScheduledForLater()
    {
        var id = await Mail.SendAsync(_engine.Smtp, "alice@sender.example", "bob@xyz.com", "later");
        await PostponeAsync(id, TimeSpan.FromMinutes(10));
        _engine.Services.GetRequiredService<PresenceRegistry>().Register("tab", "xyz.com", IPAddress.Loopback);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Empty(_sink.Messages);

        var result = await _engine.Services.GetRequiredService<IQueueAdmin>().RetryNowAsync(id, "tester");

        Assert.True(result.Done, result.Message);
        await _sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(5));
        await Wait.Until(() => _engine.Queue.Find(id) is null, "the delivered message left the queue", 5000);
        Assert.Contains(_engine.Services.GetRequiredService<IAuditLog>().Recent(5), e => e.Action == "message.retried" && e.Target == id);
    }

    /// <summary>Arrange: as if an earlier attempt had been deferred for <paramref name="delay"/>.</summary>
    private async Task PostponeAsync(string id, TimeSpan delay)
    {
        var store = _engine.Services.GetRequiredService<LiteDbStore>();
        await store.WriteAsync(db =>
        {
            var col = db.GetCollection<QueuedMessage>("messages");
            var message = col.FindById(id);
            message.Recipients[0].NextAttemptAt = DateTime.UtcNow + delay;
            message.Refresh();
            col.Update(message);
        }, durable: true);
    }
}
