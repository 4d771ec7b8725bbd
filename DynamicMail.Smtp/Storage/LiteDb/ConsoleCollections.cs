using DynamicMail.Smtp.Operators;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// Creates the console's collections before anything reads them: LiteDB 5 can fail a read ("page type must be
/// collection page") that races the write creating its collection. Idempotent; every console store calls it.
/// </summary>
internal static class ConsoleCollections
{
    public static void Ensure(LiteDatabase db)
    {
        db.GetCollection<Operator>("operators").EnsureIndex(o => o.CreatedAt);
        db.GetCollection<ApiKey>("apikeys").EnsureIndex(k => k.CreatedAt);
        db.GetCollection<AuditEntry>("audit").EnsureIndex(e => e.Action);
    }
}
