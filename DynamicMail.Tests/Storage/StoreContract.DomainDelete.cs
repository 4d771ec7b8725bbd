using DynamicMail.Smtp.Alerts;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Recipients;

namespace DynamicMail.Tests.Storage;

/// <summary>
/// Issue #18: deleting a domain deletes everything it owns in the same commit, so a new customer who registers the
/// name again sees none of the old one's recipient list, refusals, transcripts, alerts or last connection.
/// </summary>
public abstract partial class StoreContract
{
    [Fact]
    public async Task DeletedDomain_CreatedAgain_SeesNothingOfTheOldCustomer_AndOthersKeepTheirs()
    {
        Assert.True(await Domains.TryAddAsync(new CustomerDomain { Name = "xyz.com", Username = "old" }, "old-password"));
        Assert.True(await Domains.TryAddAsync(new CustomerDomain { Name = "abc.org", Username = "other" }, "other-password"));
        await OwnSomethingOfEveryKindAsync("xyz.com", "m-old");
        await OwnSomethingOfEveryKindAsync("abc.org", "m-other");

        Assert.True(await Domains.DeleteAsync("xyz.com"));
        // A page of the deleted domain left open goes offline afterwards: its last connection is not written again.
        await Activity.SaveAsync(new Dictionary<string, DateTime> { ["xyz.com"] = Now.AddMinutes(1) }, new Dictionary<long, (int, int)>(), Now);
        Assert.True(await Domains.TryAddAsync(new CustomerDomain { Name = "xyz.com", Username = "new" }, "new-password"));
        await ReopenAsync();

        Assert.False((await RecipientStore.AllAsync(Ct)).ContainsKey("xyz.com"));
        Assert.Empty(await RecipientStore.RefusedAsync("xyz.com", Ct));
        Assert.Empty(await Transcripts.ForDomainAsync("xyz.com", Ct));
        Assert.Empty(await Transcripts.ForMessageAsync("m-old", Ct));
        Assert.DoesNotContain(await AlertStore.StatesAsync(Ct), s => s.Domain == "xyz.com");
        Assert.Empty(await AlertStore.HistoryAsync("xyz.com", Ct));
        Assert.False((await Activity.LastConnectedAsync(Ct)).ContainsKey("xyz.com"));
        // No state left behind that would hold back the new customer's first alert ("already sent today").
        Assert.True(await AlertStore.TryRecordAsync(Alert("new", AlertKind.MailWaiting, Now, "xyz.com"), Now.AddDays(-1), null));

        Assert.Equal(["x@abc.org"], (await RecipientStore.AllAsync(Ct))["abc.org"]);
        Assert.Single(await RecipientStore.RefusedAsync("abc.org", Ct));
        Assert.Single(await Transcripts.ForMessageAsync("m-other", Ct));
        Assert.Single(await AlertStore.HistoryAsync("abc.org", Ct));
        Assert.Contains(await AlertStore.StatesAsync(Ct), s => s.Domain == "abc.org");
        Assert.Equal(Now, (await Activity.LastConnectedAsync(Ct))["abc.org"]);
        Assert.Contains(await Audit.RecentAsync(10, "xyz.com", Ct), e => e.Action == "domain.recipients");
    }

    private async Task OwnSomethingOfEveryKindAsync(string domain, string messageId)
    {
        await RecipientStore.SetAsync(domain, ["x@" + domain]);
        await RecipientStore.NoteRefusedAsync(new RefusedRecipient(domain, "gone@" + domain, "550 5.1.1 no such user", Now));
        await Transcripts.SaveAsync(Transcript(domain, messageId, Now));
        Assert.True(await AlertStore.TryRecordAsync(Alert("alert-" + domain, AlertKind.MailWaiting, Now, domain), Now.AddDays(-1), null));
        await Activity.SaveAsync(new Dictionary<string, DateTime> { [domain] = Now }, new Dictionary<long, (int, int)>(), Now);
        await Audit.RecordAsync("alice", "domain.recipients", domain, "1 entries");
    }
}
