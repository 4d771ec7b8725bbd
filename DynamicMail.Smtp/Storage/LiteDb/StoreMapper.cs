using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// BSON mapping shared by every collection: UTC everywhere, enums as strings, ids by fluent configuration (the
/// engine's types carry no LiteDB attributes). A queued message's document also holds the index key
/// <see cref="DomainOrder"/> ("domain/id": one domain's mail, oldest first), which the engine's type does not know.
/// </summary>
internal static class StoreMapper
{
    public const string DomainOrder = "DomainOrder";

    public static BsonMapper Create()
    {
        var plain = Configure(NewMapper());
        var mapper = Configure(NewMapper());
        mapper.RegisterType<QueuedMessage>(
            m =>
            {
                var doc = plain.ToDocument(m);
                doc[DomainOrder] = DomainOrderKey(m.Domain, m.Id);
                return doc;
            },
            bson => plain.ToObject<QueuedMessage>(bson.AsDocument));
        return mapper;
    }

    public static string DomainOrderKey(string domain, string id) => domain + "/" + id;

    // Strings as sent: the null sender is "", not null; replies keep their spaces.
    private static BsonMapper NewMapper() => new() { EnumAsInteger = false, EmptyStringToNull = false, TrimWhitespace = false };

    private static BsonMapper Configure(BsonMapper mapper)
    {
        mapper.RegisterType(
            dt => new BsonValue(dt.ToUniversalTime()),
            bson => DateTime.SpecifyKind(bson.AsDateTime.ToUniversalTime(), DateTimeKind.Utc));
        mapper.Entity<QueuedMessage>().Id(m => m.Id).Ignore(m => m.IsPending).Ignore(m => m.MustKeep);
        mapper.Entity<QueuedRecipient>().Ignore(r => r.IsPending);
        mapper.Entity<CustomerDomain>().Id(d => d.Name);
        mapper.Entity<Operator>().Id(o => o.Username);
        mapper.Entity<ApiKey>().Id(k => k.Id).Ignore(k => k.Active);
        mapper.Entity<AuditEntry>().Id(e => e.Id, autoId: true);
        return mapper;
    }
}
