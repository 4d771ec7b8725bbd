using DynamicMail.Smtp.Queue;

namespace DynamicMail.Tests.Storage;

/// <summary>The queue: what is enqueued is found with its bytes; claims lease; outcomes are recorded.</summary>
public abstract partial class StoreContract
{
    [Fact]
    public async Task Enqueue_ThenFind_GivesTheEnvelopeSummaryAndBytes()
    {
        var queued = await EnqueueAsync("xyz.com", "first", "bob@xyz.com", "carol@xyz.com");

        var found = await Queue.FindAsync(queued.Id, Ct);

        Assert.NotNull(found);
        Assert.Equal(("xyz.com", "alice@sender.example", "first"), (found.Domain, found.Sender, found.Subject));
        Assert.Equal(["bob@xyz.com", "carol@xyz.com"], found.Recipients.Select(r => r.Address));
        Assert.All(found.Recipients, r => Assert.Equal(RecipientState.Queued, r.State));
        Assert.Equal(Now, found.NextAttemptAt);
        Assert.Equal("Subject: first\r\n\r\nbody\r\n"u8.ToArray(), await ReadAllAsync(await Queue.OpenContentAsync(found, Ct)));
        Assert.Null(await Queue.FindAsync("nosuchid", Ct));
    }

    [Fact]
    public async Task AttachSeals_PutsTheSealInFrontOfTheContent_AndSkipsMessagesNoLongerQueued()
    {
        var queued = await EnqueueAsync("xyz.com", "first", "bob@xyz.com");
        var seal = "ARC-Seal: i=1; a=rsa-sha256; cv=none; d=mx.test; s=x; t=1; b=AAAA\r\n"u8.ToArray();

        await Queue.AttachSealsAsync([(queued.Id, seal), ("nosuchid", seal)]);
        await ReopenAsync();

        var found = await Queue.FindAsync(queued.Id, Ct);
        var content = await ReadAllAsync(await Queue.OpenContentAsync(found!, Ct));
        Assert.Equal(seal.Concat("Subject: first\r\n\r\nbody\r\n"u8.ToArray()), content);
        Assert.Equal(queued.Size, found!.Size);
        Assert.Null(await Queue.FindAsync("nosuchid", Ct));
    }

    [Fact]
    public async Task Enqueue_ABodyOverOneMebibyte_IsReadBackWhole_AndSurvivesAReopen()
    {
        var content = new byte[3 * 1024 * 1024 + 7];
        new Random(19).NextBytes(content);

        var queued = await EnqueueAsync("xyz.com", "big", content);
        await ReopenAsync();

        var found = await Queue.FindAsync(queued.Id, Ct);
        Assert.Equal(content.Length, found!.Size);
        Assert.Equal(content, await ReadAllAsync(await Queue.OpenContentAsync(found, Ct)));
    }

    [Fact]
    public async Task ListDomain_GivesOneDomainsMail_OldestFirst_AndSummaryCountsIt()
    {
        var a = await EnqueueAsync("xyz.com", "a");
        Time.Advance(TimeSpan.FromSeconds(1));
        await EnqueueAsync("abc.org", "other");
        Time.Advance(TimeSpan.FromSeconds(1));
        var b = await EnqueueAsync("xyz.com", "b");

        var listed = await Queue.ListDomainAsync("xyz.com", 0, 10, Ct);

        Assert.Equal([a.Id, b.Id], listed.Select(m => m.Id));
        Assert.Equal([b.Id], (await Queue.ListDomainAsync("xyz.com", 1, 10, Ct)).Select(m => m.Id));
        Assert.Equal(2, Queue.Summarize("xyz.com").Messages);
        Assert.Equal(1, Queue.SummarizeAll()["abc.org"].Messages);
    }

    [Fact]
    public async Task Claim_LeasesTheDomainsDueRecipients_AndASecondOwnerGetsNone()
    {
        var m = await EnqueueAsync("xyz.com", "claimed");
        await EnqueueAsync("abc.org", "not this domain");

        var first = await Queue.ClaimAsync("xyz.com", "node-a", 10, TimeSpan.FromMinutes(5));
        var second = await Queue.ClaimAsync("xyz.com", "node-b", 10, TimeSpan.FromMinutes(5));

        var claimed = Assert.Single(first);
        Assert.Equal(m.Id, claimed.Id);
        Assert.All(claimed.Recipients, r => Assert.Equal((RecipientState.Delivering, "node-a"), (r.State, r.LeaseOwner)));
        Assert.Empty(second);
        Assert.Equal(Now + TimeSpan.FromMinutes(5), await Queue.NextAttemptAtAsync("xyz.com", Ct));
    }

    [Fact]
    public async Task Claim_AfterTheLeaseExpired_GoesToAnotherOwner()
    {
        await EnqueueAsync();
        await Queue.ClaimAsync("xyz.com", "node-a", 10, TimeSpan.FromMinutes(5));

        Time.Advance(TimeSpan.FromMinutes(5));
        var taken = await Queue.ClaimAsync("xyz.com", "node-b", 10, TimeSpan.FromMinutes(5));

        Assert.Equal("node-b", Assert.Single(Assert.Single(taken).Recipients).LeaseOwner);
    }

    [Fact]
    public async Task Complete_Delivered_RemovesTheMessage_TryLater_KeepsItUntilItsRetry()
    {
        var m = await EnqueueAsync("xyz.com", "two", "bob@xyz.com", "carol@xyz.com");
        await Queue.ClaimAsync("xyz.com", "node-a", 10, TimeSpan.FromMinutes(5));

        await Queue.CompleteAsync(m.Id, "node-a", [
            new DeliveryOutcome("bob@xyz.com", RecipientOutcome.Delivered, "250 ok"),
            new DeliveryOutcome("carol@xyz.com", RecipientOutcome.TryLater, "451 later", TimeSpan.FromMinutes(2))]);

        var kept = await Queue.FindAsync(m.Id, Ct);
        Assert.Equal([RecipientState.Delivered, RecipientState.Queued], kept!.Recipients.Select(r => r.State));
        Assert.Equal("451 later", kept.Recipients[1].LastReply);
        Assert.Equal(Now + TimeSpan.FromMinutes(2), await Queue.NextAttemptAtAsync("xyz.com", Ct));
        Assert.Empty(await Queue.ClaimAsync("xyz.com", "node-a", 10, TimeSpan.FromMinutes(5)));

        Time.Advance(TimeSpan.FromMinutes(2));
        await Queue.ClaimAsync("xyz.com", "node-a", 10, TimeSpan.FromMinutes(5));
        await Queue.CompleteAsync(m.Id, "node-a", [new DeliveryOutcome("carol@xyz.com", RecipientOutcome.Delivered, "250 ok")]);

        Assert.Null(await Queue.FindAsync(m.Id, Ct));
        Assert.Equal(0, Queue.Summarize("xyz.com").Messages);
    }

    [Fact]
    public async Task Complete_FromAnOwnerWithoutTheLease_ChangesNothing()
    {
        var m = await EnqueueAsync();
        await Queue.ClaimAsync("xyz.com", "node-a", 10, TimeSpan.FromMinutes(5));

        await Queue.CompleteAsync(m.Id, "node-b", [new DeliveryOutcome("bob@xyz.com", RecipientOutcome.Delivered, "250 ok")]);

        var r = Assert.Single((await Queue.FindAsync(m.Id, Ct))!.Recipients);
        Assert.Equal((RecipientState.Delivering, "node-a"), (r.State, r.LeaseOwner));
    }

    [Fact]
    public async Task Release_GivesBackOneOwnersLeases_ForAnyoneToClaimNow()
    {
        var m = await EnqueueAsync();
        await Queue.ClaimAsync("xyz.com", "node-a", 10, TimeSpan.FromMinutes(5));

        await Queue.ReleaseAsync("node-b");
        Assert.Empty(await Queue.ClaimAsync("xyz.com", "node-b", 10, TimeSpan.FromMinutes(5)));
        await Queue.ReleaseAsync("node-a");

        var r = Assert.Single((await Queue.FindAsync(m.Id, Ct))!.Recipients);
        Assert.Equal((RecipientState.Queued, null, 0), (r.State, r.LeaseOwner, r.Attempts));
        Assert.Single(await Queue.ClaimAsync("xyz.com", "node-b", 10, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Recover_AfterAReopen_ReleasesTheLeasesOfTheProcessThatDied()
    {
        var m = await EnqueueAsync();
        await Queue.ClaimAsync("xyz.com", "dead-node", 10, TimeSpan.FromHours(1));
        await ReopenAsync();

        var report = await Queue.RecoverAsync();

        Assert.Equal((1, 1), (report.Messages, report.ReleasedRecipients));
        Assert.Equal(RecipientState.Queued, Assert.Single((await Queue.FindAsync(m.Id, Ct))!.Recipients).State);
        Assert.Single(await Queue.ClaimAsync("xyz.com", "node-b", 10, TimeSpan.FromMinutes(5)));
    }
}
