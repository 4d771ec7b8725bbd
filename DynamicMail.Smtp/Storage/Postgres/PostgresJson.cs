using System.Text.Json;
using System.Text.Json.Serialization;

namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>How documents are mapped to jsonb: property names as in C#, enums as their names.</summary>
internal static class PostgresJson
{
    public static JsonSerializerOptions Options { get; } = new() { Converters = { new JsonStringEnumConverter() } };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException("A stored document is empty.");
}
