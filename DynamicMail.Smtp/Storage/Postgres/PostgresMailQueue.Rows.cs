using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Queue;
using Npgsql;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>Reading, locking, updating and removing message rows inside a caller's transaction.</summary>
internal sealed partial class PostgresMailQueue
{
    internal static QueuedMessage Read(NpgsqlDataReader reader) => PostgresJson.Read<QueuedMessage>(reader.GetString(0));

    /// <summary>The message, locked until the transaction ends; null when it is not queued.</summary>
    internal static async Task<QueuedMessage?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string id) =>
        (await Sql.ListAsync(conn, tx, $"SELECT {Columns} FROM messages WHERE id = $1 FOR UPDATE", Read, id).ConfigureAwait(false))
        .FirstOrDefault();

    /// <summary>Recomputes the schedule of each message and writes it back, in one round trip.</summary>
    internal async Task UpdateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<QueuedMessage> messages)
    {
        if (messages.Count == 0)
        {
            return;
        }
        await using var batch = new NpgsqlBatch(conn, tx);
        foreach (var m in messages)
        {
            MessageSchedule.Update(m, _ageing);
            var leased = m.Recipients.Exists(r => r.State == RecipientState.Delivering) ? _store.NodeId : null;
            Sql.Add(batch, "UPDATE messages SET next_attempt_at = $2, next_deadline = $3, leased_by = $4, doc = $5 WHERE id = $1",
                m.Id, m.NextAttemptAt, m.NextDeadline, leased, Sql.Doc(m));
        }
        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Stores the message while it must be kept; otherwise deletes it and returns it (for <see cref="Forget"/>).</summary>
    internal async Task<QueuedMessage?> KeepOrRemoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, QueuedMessage message)
    {
        if (message.MustKeep)
        {
            await UpdateAsync(conn, tx, [message]).ConfigureAwait(false);
            return null;
        }
        await RemoveAsync(conn, tx, message).ConfigureAwait(false);
        return message;
    }

    /// <summary>Deletes the row and tells the other nodes when the transaction commits.</summary>
    internal async Task RemoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, QueuedMessage message)
    {
        await Sql.ExecuteAsync(conn, tx, "DELETE FROM messages WHERE id = $1", message.Id).ConfigureAwait(false);
        var notice = new StoreNotice(_store.NodeId, StoreNotice.Left, message.Domain, message.Id, message.Size, Now);
        await Sql.ExecuteAsync(conn, tx, StoreNotice.Sql, notice.ToJson()).ConfigureAwait(false);
    }

    /// <summary>After a message left the store: drops it from the counters and tells watchers.</summary>
    internal void Forget(QueuedMessage message)
    {
        Counters.Remove(message);
        _events.Publish(new MessageLeftQueue(message.Domain, Now, message.Id, message.Size));
    }

    /// <summary>Another node stored a message: count it and wake this node's watchers (its delivery, its pages).</summary>
    internal void Queued(StoreNotice notice)
    {
        Counters.Add(new QueuedMessage { Id = notice.Id!, Domain = notice.Domain, ArrivedAt = notice.At, Size = notice.Size });
        _events.Publish(new MessageQueued(notice.Domain, notice.At, notice.Id!, notice.Sender ?? "", notice.Size));
    }

    /// <summary>Another node removed a message.</summary>
    internal void Left(StoreNotice notice) =>
        Forget(new QueuedMessage { Id = notice.Id!, Domain = notice.Domain, Size = notice.Size });
}
