using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// Queries whose text stays the same for every value. LiteDB's <c>Query.EQ</c>, <c>Query.LT</c> and the rest write the
/// value into the expression's text, and LiteDB keeps every compiled expression in a static cache keyed by that text,
/// for the life of the process: one compiled delegate per queue id, per domain, per "now" polled. After 100,000
/// messages that was 200,000 delegates and about 300 MB of a service that should idle under 300 MB. Here the value is
/// a parameter (<c>@0</c>), so one compiled expression serves every value.
/// </summary>
internal static class Param
{
    public static BsonExpression Eq(string field, BsonValue value) => BsonExpression.Create($"$.{field} = @0", value);

    public static BsonExpression Lt(string field, BsonValue value) => BsonExpression.Create($"$.{field} < @0", value);

    public static BsonExpression Lte(string field, BsonValue value) => BsonExpression.Create($"$.{field} <= @0", value);

    public static BsonExpression Gte(string field, BsonValue value) => BsonExpression.Create($"$.{field} >= @0", value);

    public static BsonExpression Between(string field, BsonValue from, BsonValue to) =>
        BsonExpression.Create($"$.{field} BETWEEN @0 AND @1", from, to);
}
