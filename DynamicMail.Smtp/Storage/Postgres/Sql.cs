using Npgsql;
using NpgsqlTypes;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>Positional-parameter commands ($1, $2 …); null becomes SQL NULL, strings named "json" go in as jsonb.</summary>
internal static class Sql
{
    public static NpgsqlCommand Command(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, params object?[] values)
    {
        var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var v in values)
        {
            cmd.Parameters.Add(Parameter(v));
        }
        return cmd;
    }

    public static NpgsqlBatchCommand Add(NpgsqlBatch batch, string sql, params object?[] values)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        foreach (var v in values)
        {
            cmd.Parameters.Add(Parameter(v));
        }
        batch.BatchCommands.Add(cmd);
        return cmd;
    }

    public static async Task<int> ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, params object?[] values)
    {
        await using var cmd = Command(conn, tx, sql, values);
        return await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Runs one statement on a pooled connection, in a transaction of its own.</summary>
    public static async Task<int> ExecuteAsync(NpgsqlDataSource source, string sql, params object?[] values)
    {
        await using var cmd = source.CreateCommand(sql);
        foreach (var v in values)
        {
            cmd.Parameters.Add(Parameter(v));
        }
        return await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Reads every row through <paramref name="map"/>.</summary>
    public static async Task<List<T>> ListAsync<T>(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, Func<NpgsqlDataReader, T> map,
        params object?[] values)
    {
        await using var cmd = Command(conn, tx, sql, values);
        await using var reader = await cmd.ExecuteReaderAsync().ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    public static async Task<T?> ScalarAsync<T>(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, params object?[] values)
    {
        await using var cmd = Command(conn, tx, sql, values);
        var value = await cmd.ExecuteScalarAsync().ConfigureAwait(false);
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>A document as jsonb.</summary>
    public static Json Doc<T>(T value) => new(PostgresJson.Write(value));

    public static DateTime? NullableTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTime>(ordinal);

    private static NpgsqlParameter Parameter(object? value) => value switch
    {
        null => new NpgsqlParameter { Value = DBNull.Value },
        Json j => new NpgsqlParameter { Value = j.Text, NpgsqlDbType = NpgsqlDbType.Jsonb },
        _ => new NpgsqlParameter { Value = value },
    };

    /// <summary>Marks a string as a jsonb value.</summary>
    public sealed record Json(string Text);
}
