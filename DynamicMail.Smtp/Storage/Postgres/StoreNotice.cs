namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>
/// What one node tells the others through <c>NOTIFY dynamicmail</c>, sent inside the transaction of the change so it
/// arrives only if the change committed. <see cref="Kind"/>: queued, left, domain, recipients, presence, released (a dead
/// node's lease given back; <see cref="Sender"/> names that node).
/// </summary>
internal sealed record StoreNotice(string Node, string Kind, string Domain, string? Id = null, long Size = 0, DateTime At = default,
    string? Sender = null)
{
    public const string Channel = "dynamicmail";
    public const string Queued = "queued";
    public const string Left = "left";
    public const string DomainChange = "domain";
    public const string Recipients = "recipients";
    public const string Presence = "presence";
    public const string Released = "released";

    public string ToJson() => PostgresJson.Write(this);

    /// <summary>The statement that sends this notice when its transaction commits.</summary>
    public const string Sql = "SELECT pg_notify('" + Channel + "', $1)";
}
