using LiteDB;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// The store's schema version, kept in the store itself. A store from before versions is brought to the current
/// one once (logged); a store written by a newer DynamicMail is refused with a clear message, never written to.
/// </summary>
internal static class StoreSchema
{
    /// <summary>1: the first versioned schema (queue, outbox, domains with identity, stamps and ODMR secret, console).</summary>
    public const int Current = 1;
    private const string Meta = "store_meta";
    private const string Key = "schema";

    /// <returns>True when the version document was written (the caller makes it durable).</returns>
    public static bool Check(LiteDatabase db, string path, ILogger logger)
    {
        var col = db.GetCollection(Meta);
        var found = col.FindById(Key);
        var version = found?["version"].AsInt32 ?? 0;
        if (version > Current)
        {
            throw new InvalidOperationException(
                $"The store '{path}' was written by a newer DynamicMail (schema {version}); this version understands schema {Current}. " +
                "Run the newer version, or restore a backup made by this one.");
        }
        if (version == Current)
        {
            return false;
        }
        var existing = db.GetCollectionNames().Any(n => n != Meta);
        col.Upsert(new BsonDocument { ["_id"] = Key, ["version"] = Current });
        if (existing)
        {
            logger.LogWarning("Store {Path} migrated from schema {From} to {To}", path, version, Current);
        }
        return true;
    }
}
