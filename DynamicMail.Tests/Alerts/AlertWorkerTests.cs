using DynamicMail.Smtp.Alerts;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Alerts;

/// <summary>The periodic worker on its own (no test-driven checks): it notices waiting mail as the clock moves and alerts.</summary>
public sealed class AlertWorkerTests : AlertTestBase
{
    protected override bool WithWorker => true;

    [Fact]
    public async Task Worker_AlertsAboutWaitingMail_AsTheClockMoves()
    {
        Assert.True((await SetAsync(i => i.ContactEmail = "ops@customer.example")).Ok);
        await QueueAsync();

        await Wait.Until(() =>
        {
            Time.Advance(TimeSpan.FromHours(1));
            return HistoryAsync().GetAwaiter().GetResult().Count > 0;
        }, "the worker's alert", 30000);

        Assert.Equal(AlertKind.MailWaiting, (await HistoryAsync()).Single().Kind);
        await Wait.Until(() => MailsTo("ops@customer.example").Count == 1, "the alert e-mail");
    }
}
