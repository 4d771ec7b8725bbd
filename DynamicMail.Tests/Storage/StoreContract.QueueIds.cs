using DynamicMail.Smtp.Queue;

namespace DynamicMail.Tests.Storage;

/// <summary>A message proposed under an id the store already holds never harms the message stored under it.</summary>
public abstract partial class StoreContract
{
    [Theory]
    [InlineData(64)]
    [InlineData(1024 * 1024 + 64)] // a body kept outside the document (LiteDB's spool file)
    public async Task Enqueue_UnderAnIdAlreadyStored_LeavesTheStoredMessageWhole_AndNeverStoresTwoUnderOneId(int size)
    {
        var first = Body(size, 1);
        var stored = await Queue.EnqueueAsync(WithId(first, "first", null), Ct);

        QueuedMessage? second = null;
        try
        {
            second = await Queue.EnqueueAsync(WithId(Body(size, 2), "second", stored.Id), Ct);
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            // Refusing it is allowed (the sender is asked to try again); harming the first message is not.
        }

        var found = await Queue.FindAsync(stored.Id, Ct);
        Assert.Equal("first", found!.Subject);
        Assert.Equal(first, await ReadAllAsync(await Queue.OpenContentAsync(found, Ct)));
        if (second is not null)
        {
            Assert.NotEqual(stored.Id, second.Id);
            Assert.Equal("second", (await Queue.FindAsync(second.Id, Ct))!.Subject);
        }
    }

    private static byte[] Body(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static NewMessage WithId(byte[] content, string subject, string? id) =>
        new("xyz.com", "alice@sender.example", ["bob@xyz.com"], content,
            new HeaderSummary(null, subject, null), "192.0.2.1", "sender.example", id);
}
