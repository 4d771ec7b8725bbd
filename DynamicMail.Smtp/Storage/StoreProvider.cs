namespace DynamicMail.Smtp.Storage;

/// <summary>Which store holds the queue and every other record (<c>DynamicMail:Store:Provider</c>).</summary>
public enum StoreProvider
{
    /// <summary>The embedded default: one LiteDB file in the data folder, one node.</summary>
    LiteDb,

    /// <summary>A PostgreSQL database shared by one or several nodes.</summary>
    Postgres,
}
