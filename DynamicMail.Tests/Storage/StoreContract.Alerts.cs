using DynamicMail.Smtp.Alerts;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Tests.Storage;

/// <summary>Alert states and sent alerts (issue #18): one record per condition until cleared, its e-mail in the outbox in the same commit.</summary>
public abstract partial class StoreContract
{
    internal IAlertStore AlertStore => Get<IAlertStore>();

    private static AlertRecord Alert(string id, AlertKind kind, DateTime at, string domain = "xyz.com") =>
        new(id, domain, kind, at, $"subject {id}", $"text {id}", "ops@customer.example", null, "pending");

    private static OutboundMessage AlertEmail(string id, DateTime at) => new()
    {
        Id = "alert-" + id, Recipient = "ops@customer.example", Kind = "alert", OriginalId = id, OriginalDomain = "xyz.com",
        CreatedAt = at, NextAttemptAt = at, Content = "Subject: alert\r\n\r\nmail is waiting\r\n"u8.ToArray(),
    };

    [Fact]
    public async Task Alerts_RecordOncePerCondition_UntilClearedAndADayPassed_WithTheirEmailInTheOutbox()
    {
        Assert.True(await AlertStore.TryRecordAsync(Alert("a1", AlertKind.MailWaiting, Now), Now.AddDays(-1), AlertEmail("a1", Now)));
        Assert.False(await AlertStore.TryRecordAsync(Alert("a2", AlertKind.MailWaiting, Now), Now.AddDays(-1), AlertEmail("a2", Now)));
        Assert.True(await AlertStore.TryRecordAsync(Alert("b1", AlertKind.ServerRefused, Now), Now.AddDays(-1), null));
        Assert.True(await AlertStore.TryRecordAsync(Alert("c1", AlertKind.MailWaiting, Now, "abc.org"), Now.AddDays(-1), null));

        await AlertStore.ClearAsync("xyz.com", AlertKind.MailWaiting);
        Assert.False(await AlertStore.TryRecordAsync(Alert("a3", AlertKind.MailWaiting, Now.AddHours(2)), Now.AddHours(2).AddDays(-1), null));
        var later = Now.AddDays(1).AddMinutes(1);
        Assert.True(await AlertStore.TryRecordAsync(Alert("a4", AlertKind.MailWaiting, later), later.AddDays(-1), null));
        await ReopenAsync();

        var states = await AlertStore.StatesAsync(Ct);
        Assert.Equal(3, states.Count);
        Assert.Contains(new AlertState("xyz.com", AlertKind.MailWaiting, true, later), states);
        Assert.Contains(new AlertState("xyz.com", AlertKind.ServerRefused, true, Now), states);
        var history = await AlertStore.HistoryAsync("xyz.com", Ct);
        Assert.Equal("a4", history[0].Id);
        Assert.Equal(["a1", "a4", "b1"], history.Select(a => a.Id).Order(StringComparer.Ordinal));
        var outbound = await Outbox.ClaimDueAsync(Now, 10, TimeSpan.FromMinutes(1), Ct);
        Assert.Equal(["alert-a1"], outbound.Select(m => m.Id));
        Assert.Equal("alert", outbound[0].Kind);
    }

    [Fact]
    public async Task Alerts_HistoryNewestFirst_WithWebhookOutcome_AndEmailNote()
    {
        Assert.True(await AlertStore.TryRecordAsync(Alert("w1", AlertKind.ExpirySoon, Now) with { EmailedTo = null, EmailNote = "inside" },
            Now.AddDays(-1), null));
        Assert.True(await AlertStore.TryRecordAsync(Alert("w2", AlertKind.ServerUnreachable, Now.AddMinutes(5)), Now.AddDays(-1), null));
        await AlertStore.NoteWebhookAsync("xyz.com", "w1", "delivered (HTTP 200 OK) after 2 attempts");
        await ReopenAsync();

        var history = await AlertStore.HistoryAsync("xyz.com", Ct);
        Assert.Equal(["w2", "w1"], history.Select(a => a.Id));
        Assert.Equal(Alert("w1", AlertKind.ExpirySoon, Now) with { EmailedTo = null, EmailNote = "inside", Webhook = "delivered (HTTP 200 OK) after 2 attempts" },
            history[1]);
        Assert.Empty(await AlertStore.HistoryAsync("abc.org", Ct));
    }

    [Fact]
    public async Task Alerts_TwoConcurrentRecords_OfOneCondition_OnlyOneWins()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            AlertStore.TryRecordAsync(Alert($"r{i}", AlertKind.MailWaiting, Now), Now.AddDays(-1), AlertEmail($"r{i}", Now))));
        Assert.Single(results, r => r);
        Assert.Equal(1, await Outbox.CountAsync(Ct));
        Assert.Single(await AlertStore.HistoryAsync("xyz.com", Ct));
    }
}
