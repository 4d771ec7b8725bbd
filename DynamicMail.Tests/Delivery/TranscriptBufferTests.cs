using DynamicMail.Smtp.Delivery.Transcripts;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Storage.LiteDb;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamicMail.Tests.Delivery;

/// <summary>
/// A delivery hands its transcript to a buffer and goes on; the buffer writes each domain's newest to the store
/// (a real LiteDB file here) about once a second and at shutdown. Readers see unwritten ones too; a deleted domain's
/// unwritten transcripts go with it.
/// </summary>
public sealed class TranscriptBufferTests : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly LiteDbStore _store;
    private readonly LiteDbTranscriptLog _stored;
    private readonly MailEventHub _events = new(NullLogger<MailEventHub>.Instance);
    private readonly BufferedTranscriptLog _buffer;
    private readonly DateTime _now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    public TranscriptBufferTests()
    {
        _store = new LiteDbStore(_dir.Path, new FsyncFlush(), new DurableStoreFiles(), NullLogger<LiteDbStore>.Instance);
        _stored = new LiteDbTranscriptLog(_store);
        _buffer = new BufferedTranscriptLog(_stored, _events, NullLogger<BufferedTranscriptLog>.Instance);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SmtpTranscript Transcript(string domain, int i) => new()
    {
        Id = Guid.CreateVersion7(_now.AddSeconds(i)).ToString("N"),
        Domain = domain,
        MessageId = $"m{i:00}",
        At = _now.AddSeconds(i),
        Outcome = "250 ok",
    };

    [Fact]
    public async Task ASave_IsReadAtOnce_AndReachesTheStoreOnlyAtTheFlush()
    {
        var save = _buffer.SaveAsync(Transcript("xyz.com", 1));

        Assert.True(save.IsCompletedSuccessfully); // the delivery does not wait for the store
        Assert.Equal("m01", Assert.Single(await _buffer.ForDomainAsync("xyz.com", Ct)).MessageId);
        Assert.Single(await _buffer.ForMessageAsync("m01", Ct));
        Assert.Empty(await _stored.ForDomainAsync("xyz.com", Ct));

        await _buffer.FlushAsync();

        Assert.Equal("m01", Assert.Single(await _stored.ForDomainAsync("xyz.com", Ct)).MessageId);
        Assert.Equal("m01", Assert.Single(await _buffer.ForDomainAsync("xyz.com", Ct)).MessageId); // not twice
    }

    [Fact]
    public async Task ManySaves_KeepTheNewestPerDomain_AcrossBufferAndStore()
    {
        for (var i = 0; i < 10; i++)
        {
            await _buffer.SaveAsync(Transcript("xyz.com", i));
        }
        await _buffer.FlushAsync();
        for (var i = 10; i < 40; i++)
        {
            await _buffer.SaveAsync(Transcript("xyz.com", i));
        }
        await _buffer.SaveAsync(Transcript("abc.org", 0));

        var kept = await _buffer.ForDomainAsync("xyz.com", Ct);
        Assert.Equal(Enumerable.Range(20, TranscriptLimits.PerDomain).Reverse().Select(i => $"m{i:00}"), kept.Select(t => t.MessageId));
        await _buffer.FlushAsync();
        Assert.Equal(kept.Select(t => t.Id), (await _stored.ForDomainAsync("xyz.com", Ct)).Select(t => t.Id));
        Assert.Single(await _stored.ForDomainAsync("abc.org", Ct));
    }

    [Fact]
    public async Task HostStop_WritesWhatIsWaiting()
    {
        await _buffer.StartAsync(Ct);
        await _buffer.SaveAsync(Transcript("xyz.com", 3));

        await _buffer.StopAsync(Ct);

        Assert.Equal("m03", Assert.Single(await _stored.ForDomainAsync("xyz.com", Ct)).MessageId);
    }

    [Fact]
    public async Task TheBackgroundLoop_WritesWithoutBeingAsked()
    {
        await _buffer.StartAsync(Ct);
        await _buffer.SaveAsync(Transcript("xyz.com", 4));

        await Wait.Until(async () => (await _stored.ForDomainAsync("xyz.com", Ct)).Count == 1, "the buffer wrote the transcript by itself");
        await _buffer.StopAsync(Ct);
    }

    [Fact]
    public async Task ADeletedDomain_TakesItsUnwrittenTranscriptsWithIt()
    {
        await _buffer.StartAsync(Ct);
        await _buffer.SaveAsync(Transcript("xyz.com", 5));
        await _buffer.SaveAsync(Transcript("abc.org", 6));

        _events.Publish(new DomainChanged("xyz.com", _now, "domain.delete"));
        await _buffer.StopAsync(Ct);

        Assert.Empty(await _buffer.ForDomainAsync("xyz.com", Ct));
        Assert.Empty(await _stored.ForDomainAsync("xyz.com", Ct));
        Assert.Single(await _stored.ForDomainAsync("abc.org", Ct));
    }

    public ValueTask DisposeAsync()
    {
        _buffer.Dispose();
        _store.Dispose();
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}
