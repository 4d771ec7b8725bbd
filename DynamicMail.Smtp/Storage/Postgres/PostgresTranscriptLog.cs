using DynamicMail.Smtp.Delivery.Transcripts;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>The transcripts table (see <c>Schema/*_hold_retention_transcripts.sql</c>); a save trims the domain's rows in the same transaction.</summary>
internal sealed class PostgresTranscriptLog(PostgresStore store) : ITranscriptLog
{
    public Task SaveAsync(SmtpTranscript transcript) =>
        store.InTransactionAsync(async (conn, tx) =>
        {
            await Sql.ExecuteAsync(conn, tx, """
                INSERT INTO transcripts (id, domain, message_id, at, doc) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (id) DO UPDATE SET domain = $2, message_id = $3, at = $4, doc = $5
                """, transcript.Id, transcript.Domain, transcript.MessageId, transcript.At, Sql.Doc(transcript)).ConfigureAwait(false);
            await Sql.ExecuteAsync(conn, tx, """
                DELETE FROM transcripts WHERE domain = $1 AND id NOT IN
                    (SELECT id FROM transcripts WHERE domain = $1 ORDER BY at DESC, id DESC LIMIT $2)
                """, transcript.Domain, TranscriptLimits.PerDomain).ConfigureAwait(false);
        }, durable: false);

    public Task<IReadOnlyList<SmtpTranscript>> ForDomainAsync(string domain, CancellationToken cancellationToken = default) =>
        ListAsync("domain", domain, cancellationToken);

    public Task<IReadOnlyList<SmtpTranscript>> ForMessageAsync(string messageId, CancellationToken cancellationToken = default) =>
        ListAsync("message_id", messageId, cancellationToken);

    private Task<IReadOnlyList<SmtpTranscript>> ListAsync(string column, string value, CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<SmtpTranscript>>(async c => await Sql.ListAsync(c, null,
            $"SELECT doc FROM transcripts WHERE {column} = $1 ORDER BY at DESC, id DESC LIMIT $2",
            r => PostgresJson.Read<SmtpTranscript>(r.GetString(0)), value, TranscriptLimits.PerDomain).ConfigureAwait(false), cancellationToken);
}
