using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Tests.Storage;

/// <summary>Ageing and the outbox: deadlines come due; a settlement, its DSNs and its audit entry commit together.</summary>
public abstract partial class StoreContract
{
    private static OutboundMessage Dsn(string id, string originalId, DateTime at) => new()
    {
        Id = id, Recipient = "alice@sender.example", Kind = "failed", OriginalId = originalId, OriginalDomain = "xyz.com",
        CreatedAt = at, NextAttemptAt = at, Content = "From: <>\r\n\r\nreport\r\n"u8.ToArray(),
    };

    [Fact]
    public async Task DueForAgeing_GivesAMessageOnceItsFirstDeadlineCame()
    {
        var m = await EnqueueAsync();
        var warning = m.ArrivedAt + new QueueOptions().DelayWarningThresholds[0];

        Assert.Equal(warning, await Queue.NextDeadlineAsync(Ct));
        Assert.Empty(await Queue.DueForAgeingAsync(Now, 10, Ct));

        Time.Advance(warning - Now);
        Assert.Equal(m.Id, Assert.Single(await Queue.DueForAgeingAsync(Now, 10, Ct)).Id);
    }

    [Fact]
    public async Task Settle_ChangesRecipients_StoresItsDsnsAndAuditEntry_AndRemovesAFinishedMessage()
    {
        var m = await EnqueueAsync();
        var settlement = new Settlement(m.Id, 0, 0, [new RecipientChange("bob@xyz.com", RecipientState.Queued, RecipientState.Returned)],
            [Dsn("dsn1", m.Id, Now)]) { Audit = new AuditEntry(Now, "op", "message.returned", m.Id, "test") };

        Assert.True(await Queue.SettleAsync(settlement));

        Assert.Null(await Queue.FindAsync(m.Id, Ct));
        Assert.Equal(1, await Outbox.CountAsync(Ct));
        Assert.Equal("message.returned", Assert.Single(await Audit.RecentAsync(10, null, Ct)).Action);
    }

    [Fact]
    public async Task Settle_WhenTheMessageChangedSinceItWasRead_ChangesNothing()
    {
        var m = await EnqueueAsync();
        await Queue.ClaimAsync("xyz.com", "node-a", 10, TimeSpan.FromMinutes(5));
        var stale = new Settlement(m.Id, 0, 0, [new RecipientChange("bob@xyz.com", RecipientState.Queued, RecipientState.Returned)],
            [Dsn("dsn1", m.Id, Now)]) { Audit = new AuditEntry(Now, "op", "message.returned", m.Id, null) };

        Assert.False(await Queue.SettleAsync(stale));

        Assert.Equal(RecipientState.Delivering, Assert.Single((await Queue.FindAsync(m.Id, Ct))!.Recipients).State);
        Assert.Equal(0, await Outbox.CountAsync(Ct));
        Assert.Empty(await Audit.RecentAsync(10, null, Ct));
    }

    [Fact]
    public async Task Outbox_ClaimDue_LeasesWhatIsDue_RescheduleAndRemove_AreKept()
    {
        var m = await EnqueueAsync();
        await Queue.SettleAsync(new Settlement(m.Id, 0, 0, [new RecipientChange("bob@xyz.com", RecipientState.Queued, RecipientState.Returned)],
            [Dsn("dsn1", m.Id, Now), Dsn("dsn2", m.Id, Now + TimeSpan.FromMinutes(1))]));

        var first = await Outbox.ClaimDueAsync(Now, 10, TimeSpan.FromMinutes(10), Ct);
        Assert.Equal("dsn1", Assert.Single(first).Id);
        Assert.Equal(first[0].Content, "From: <>\r\n\r\nreport\r\n"u8.ToArray());
        Assert.Empty(await Outbox.ClaimDueAsync(Now, 10, TimeSpan.FromMinutes(10), Ct));
        Assert.Equal(Now + TimeSpan.FromMinutes(1), await Outbox.NextDueAsync(Ct));

        await Outbox.RescheduleAsync("dsn1", Now + TimeSpan.FromMinutes(3), "451 busy");
        await Outbox.RemoveAsync("dsn2");
        Time.Advance(TimeSpan.FromMinutes(3));

        var again = Assert.Single(await Outbox.ClaimDueAsync(Now, 10, TimeSpan.FromMinutes(10), Ct));
        Assert.Equal(("dsn1", 1, "451 busy"), (again.Id, again.Attempts, again.LastError));
        Assert.Equal(1, await Outbox.CountAsync(Ct));
    }
}
