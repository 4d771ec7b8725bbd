using DynamicMail.Smtp.Recipients;

namespace DynamicMail.Tests.Storage;

/// <summary>Recipient lists and learned refusals (issue #18): replaced whole, removed when empty, kept over a reopen.</summary>
public abstract partial class StoreContract
{
    internal IRecipientListStore RecipientStore => Get<IRecipientListStore>();

    [Fact]
    public async Task RecipientLists_ReplacedWhole_RemovedWhenEmpty_AndSurviveAReopen()
    {
        await RecipientStore.SetAsync("xyz.com", ["a@xyz.com", "b@xyz.com"]);
        await RecipientStore.SetAsync("xyz.com", ["*@xyz.com", "c@xyz.com"]);
        await RecipientStore.SetAsync("abc.org", ["x@abc.org"]);
        await RecipientStore.SetAsync("abc.org", []);
        await ReopenAsync();

        var all = await RecipientStore.AllAsync(Ct);
        Assert.Equal(["xyz.com"], all.Keys);
        Assert.Equal(["*@xyz.com", "c@xyz.com"], all["xyz.com"].Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RefusedRecipients_KeptPerDomain_NewestFirst_RefreshedAndForgotten()
    {
        await RecipientStore.NoteRefusedAsync(new RefusedRecipient("xyz.com", "a@xyz.com", "550 5.1.1 no", Now));
        await RecipientStore.NoteRefusedAsync(new RefusedRecipient("xyz.com", "b@xyz.com", "550 5.1.1 no", Now.AddMinutes(1)));
        await RecipientStore.NoteRefusedAsync(new RefusedRecipient("xyz.com", "a@xyz.com", "550 5.1.1 again", Now.AddMinutes(2)));
        await RecipientStore.NoteRefusedAsync(new RefusedRecipient("abc.org", "x@abc.org", "550 5.1.1 no", Now));
        await ReopenAsync();

        var refused = await RecipientStore.RefusedAsync("xyz.com", Ct);
        Assert.Equal(["a@xyz.com", "b@xyz.com"], refused.Select(r => r.Address));
        Assert.Equal(("550 5.1.1 again", Now.AddMinutes(2)), (refused[0].Reply, refused[0].At));

        await RecipientStore.ForgetRefusedAsync("xyz.com", ["a@xyz.com"]);
        Assert.Equal(["b@xyz.com"], (await RecipientStore.RefusedAsync("xyz.com", Ct)).Select(r => r.Address));
        await RecipientStore.ForgetRefusedAsync("xyz.com", null);
        Assert.Empty(await RecipientStore.RefusedAsync("xyz.com", Ct));
        Assert.Single(await RecipientStore.RefusedAsync("abc.org", Ct));
    }
}
