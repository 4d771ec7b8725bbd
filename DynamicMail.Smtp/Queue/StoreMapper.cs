using LiteDB;

namespace DynamicMail.Smtp.Queue;

/// <summary>BSON mapping shared by every collection: UTC everywhere, enums as strings.</summary>
internal static class StoreMapper
{
    public static BsonMapper Create()
    {
        // Strings as sent: the null sender is "", not null; replies keep their spaces.
        var mapper = new BsonMapper { EnumAsInteger = false, EmptyStringToNull = false, TrimWhitespace = false };
        mapper.RegisterType(
            dt => new BsonValue(dt.ToUniversalTime()),
            bson => DateTime.SpecifyKind(bson.AsDateTime.ToUniversalTime(), DateTimeKind.Utc));
        mapper.Entity<QueuedMessage>().Id(m => m.Id).Ignore(m => m.IsPending).Ignore(m => m.MustKeep);
        mapper.Entity<QueuedRecipient>().Ignore(r => r.IsPending);
        mapper.Entity<Domains.CustomerDomain>().Id(d => d.Name);
        return mapper;
    }
}
