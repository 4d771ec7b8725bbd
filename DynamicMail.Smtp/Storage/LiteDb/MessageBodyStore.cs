using DynamicMail.Smtp.Queue;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// Message bytes. Up to <see cref="InlineLimit"/> they live in the "bodies" collection and commit in the same
/// transaction as the metadata; larger ones go to a write-once spool file that is fsynced before the metadata
/// commits (LiteDB documents stop near 16 MB, and FileStorage allocates two 255 KB buffers per upload).
/// </summary>
internal sealed class MessageBodyStore(string directory)
{
    public const int InlineLimit = 1024 * 1024;
    private const string Bodies = "bodies";
    private const string Seals = "seals";

    public string SpoolDirectory { get; } = Path.Combine(directory, "spool");

    /// <summary>
    /// Creates the body and seal collections at start-up, before any reader runs: LiteDB 5 breaks its engine ("page type
    /// must be collection page") when a collection is read while the writer creates it (the first background seal did).
    /// </summary>
    public static void EnsureCollections(LiteDatabase db)
    {
        foreach (var name in new[] { Bodies, Seals })
        {
            if (!db.CollectionExists(name))
            {
                var col = db.GetCollection(name);
                col.Insert(new BsonDocument { ["_id"] = "-create-" });
                col.Delete("-create-");
            }
        }
    }

    /// <summary>Writes a large body to its spool file (from the session's buffer, no copy) and fsyncs it; returns null for inline bodies.</summary>
    public string? SpoolIfLarge(string id, MessageContent content)
    {
        if (content.Length <= InlineLimit)
        {
            return null;
        }
        Directory.CreateDirectory(SpoolDirectory);
        var path = Path.Combine(SpoolDirectory, id + ".eml");
        // Outside the try: a file that is already there (a message under the same id) is not ours to delete.
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 64 * 1024);
        try
        {
            using (file)
            {
                content.WriteTo(file);
                file.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
            // Disk full or failing: leave nothing half-written behind.
            File.Delete(path);
            throw;
        }
        DirectorySync.Fsync(SpoolDirectory);
        return Path.GetFileName(path);
    }

    public static void InsertInline(LiteDatabase db, string id, byte[] content) =>
        db.GetCollection(Bodies).Insert(new BsonDocument { ["_id"] = id, ["data"] = content });

    public Stream Open(LiteDatabase db, QueuedMessage message)
    {
        if (message.SpoolFile is { } file)
        {
            return new FileStream(Path.Combine(SpoolDirectory, file), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        var doc = db.GetCollection(Bodies).FindById(message.Id)
            ?? throw new FileNotFoundException($"The body of message {message.Id} is missing.");
        var body = doc["data"].AsBinary;
        if (db.GetCollection(Seals).FindById(message.Id) is not { } seal)
        {
            return new MemoryStream(body, writable: false);
        }
        var set = seal["data"].AsBinary;
        var whole = new byte[set.Length + body.Length];
        set.CopyTo(whole, 0);
        body.CopyTo(whole, set.Length);
        return new MemoryStream(whole, writable: false);
    }

    /// <summary>Keeps the ARC set of an inline message that is still queued (spooled ones are sealed at delivery).</summary>
    public static void AttachSeal(LiteDatabase db, string id, byte[] seal)
    {
        if (db.GetCollection(Bodies).Exists(Param.Eq("_id", id)))
        {
            db.GetCollection(Seals).Upsert(new BsonDocument { ["_id"] = id, ["data"] = seal });
        }
    }

    /// <summary>Deletes an inline body and the message's seal.</summary>
    public static void DeleteInline(LiteDatabase db, string id)
    {
        db.GetCollection(Bodies).Delete(id);
        db.GetCollection(Seals).Delete(id);
    }

    /// <summary>The ids of every spool file on disk.</summary>
    public IEnumerable<string> SpooledIds() =>
        Directory.Exists(SpoolDirectory) ? Directory.EnumerateFiles(SpoolDirectory, "*.eml").Select(Path.GetFileNameWithoutExtension).OfType<string>() : [];

    public void DeleteSpool(string? file)
    {
        if (file is not null)
        {
            File.Delete(Path.Combine(SpoolDirectory, file));
        }
    }
}
