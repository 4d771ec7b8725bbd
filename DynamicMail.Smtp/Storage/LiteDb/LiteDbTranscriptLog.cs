using DynamicMail.Smtp.Delivery.Transcripts;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>The "transcripts" collection (indexed by domain and by message), written through the single writer without a flush.</summary>
internal sealed class LiteDbTranscriptLog : ITranscriptLog
{
    private const string Transcripts = "transcripts";

    /// <summary>Old transcripts are trimmed every this many saves of a domain: reading them back costs more than keeping a few extra.</summary>
    private const int TrimEvery = 16;
    private readonly LiteDbStore _store;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _saves = new(StringComparer.Ordinal);

    public LiteDbTranscriptLog(LiteDbStore store)
    {
        _store = store;
        var col = store.Database.GetCollection<SmtpTranscript>(Transcripts);
        col.EnsureIndex(t => t.Domain);
        col.EnsureIndex(t => t.MessageId);
    }

    /// <summary>Drops the domain's transcripts, inside the domain's delete.</summary>
    public static void ForgetDomain(LiteDatabase db, string domain) =>
        db.GetCollection<SmtpTranscript>(Transcripts).DeleteMany(Param.Eq(nameof(SmtpTranscript.Domain), domain));

    public Task SaveAsync(SmtpTranscript transcript) =>
        _store.WriteAsync(db =>
        {
            var col = db.GetCollection<SmtpTranscript>(Transcripts);
            col.Upsert(transcript);
            if (_saves.AddOrUpdate(transcript.Domain, 1, (_, n) => n + 1) % TrimEvery != 0)
            {
                return; // ForDomainAsync shows the newest PerDomain; the few older ones go at the next trim
            }
            var old = col.Find(Param.Eq(nameof(SmtpTranscript.Domain), transcript.Domain))
                .OrderByDescending(t => t.At).ThenByDescending(t => t.Id, StringComparer.Ordinal)
                .Skip(TranscriptLimits.PerDomain).Select(t => t.Id).ToList();
            old.ForEach(id => col.Delete(id));
        }, durable: false);

    public Task<IReadOnlyList<SmtpTranscript>> ForDomainAsync(string domain, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SmtpTranscript>>(Newest(Param.Eq(nameof(SmtpTranscript.Domain), domain)));

    /// <summary>The message's transcripts among its domain's newest (older ones may wait for the next trim; they count as gone).</summary>
    public Task<IReadOnlyList<SmtpTranscript>> ForMessageAsync(string messageId, CancellationToken cancellationToken = default)
    {
        var found = Newest(Param.Eq(nameof(SmtpTranscript.MessageId), messageId));
        var kept = found.Select(t => t.Domain).Distinct(StringComparer.Ordinal)
            .SelectMany(d => Newest(Param.Eq(nameof(SmtpTranscript.Domain), d)).Select(t => t.Id)).ToHashSet(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<SmtpTranscript>>(found.Where(t => kept.Contains(t.Id)).ToList());
    }

    private List<SmtpTranscript> Newest(BsonExpression query) =>
        _store.Database.GetCollection<SmtpTranscript>(Transcripts).Find(query)
            .OrderByDescending(t => t.At).ThenByDescending(t => t.Id, StringComparer.Ordinal).Take(TranscriptLimits.PerDomain).ToList();
}
