using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DynamicMail.Tests.Delivery;

/// <summary>
/// Issue #15: starts and stops of delivery are ordered, tracked and awaited; once shutdown has begun no agent starts,
/// even when a presence change was waiting behind a stop that takes its time.
/// </summary>
public sealed class CoordinatorShutdownTests : HostileDeliveryTest
{
    private readonly TaskCompletionSource _inFlight = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // One connection; a long grace, so stopping the agent waits for the transaction the test holds.
    protected override IDictionary<string, string?> Extra => new Dictionary<string, string?>
    {
        ["DynamicMail:Delivery:ConnectionsPerDomain"] = "1",
        ["DynamicMail:Delivery:StopGrace"] = "00:01:00",
    };

    private DeliveryCoordinator Coordinator => Engine.Services.GetServices<IHostedService>().OfType<DeliveryCoordinator>().Single();

    [Fact]
    public async Task Shutdown_WaitsForTheSwitchInProgress_AndStartsNoAgentQueuedBehindIt()
    {
        Sink.AfterDot = async (content, _, ct) =>
        {
            if (content.Contains("Subject: gated", StringComparison.Ordinal))
            {
                _inFlight.TrySetResult();
                await _answer.Task.WaitAsync(ct);
            }
            return true;
        };
        var first = await QueueAsync("alice@sender.example", "gated", "bob@xyz.com");
        var second = await QueueAsync("alice@sender.example", "later", "carol@xyz.com");
        GoOnline();
        await _inFlight.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        GoOffline();   // the stop waits for the transaction in flight
        GoOnline();    // a start queued behind that stop
        var stopping = Coordinator.StopAsync(CancellationToken.None);
        await Task.Yield();
        Assert.False(stopping.IsCompleted, "shutdown returned while a switch was still in progress");
        _answer.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(0, Coordinator.Running);
        Assert.True(IsGone(first), "the transaction in flight finished and was recorded");
        Assert.Equal(RecipientState.Queued, Engine.Queue.Find(second)!.Recipients.Single().State);
        Assert.Single(Sink.Messages);
        Presence.Register("tab-2", "xyz.com", System.Net.IPAddress.Loopback);
        Assert.Equal(0, Coordinator.Running);
    }
}
