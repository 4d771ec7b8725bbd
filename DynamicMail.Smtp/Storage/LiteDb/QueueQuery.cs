using DynamicMail.Smtp.Queue;
using LiteDB;

namespace DynamicMail.Smtp.Storage.LiteDb;

/// <summary>
/// Keyset paging over the "messages" collection that never loads the whole queue: a domain's messages are a range
/// of the DomainOrder index, all messages a range of the id index; results stream in index order (oldest first)
/// and stop at the page size. Other filters are applied while streaming: a common match fills a page at once, a
/// rare one reads on to the end of the range (about 0.3 s for 100,000 messages). The age filter is not turned into
/// an id bound: ids follow the clock only as long as it never steps back.
/// </summary>
internal static class QueueQuery
{
    private const string Highest = "ZZZZZZZZZZZZZZZ";

    public static QueuePage Run(ILiteCollection<QueuedMessage> col, QueueFilter filter, string? after, int take, DateTime now)
    {
        var (query, order) = Build(col, filter, after, now);
        var items = query.OrderBy(order).Limit(take + 1).ToList();
        return items.Count > take ? new QueuePage(items.Take(take).ToList(), items[take - 1].Id) : new QueuePage(items, null);
    }

    /// <summary>The ids of every matching message, oldest first, at most <paramref name="limit"/>.</summary>
    public static List<string> Ids(ILiteCollection<QueuedMessage> col, QueueFilter filter, DateTime now, int limit)
    {
        var (query, order) = Build(col, filter, null, now);
        return query.OrderBy(order).Select(m => m.Id).Limit(limit).ToList();
    }

    /// <summary>How many messages match.</summary>
    public static int Count(ILiteCollection<QueuedMessage> col, QueueFilter filter, DateTime now) =>
        Build(col, filter, null, now).Query.Count();

    private static (ILiteQueryable<QueuedMessage> Query, string Order) Build(
        ILiteCollection<QueuedMessage> col, QueueFilter filter, string? after, DateTime now)
    {
        var cutoff = filter.MinAge is { } age ? now - age : (DateTime?)null;
        var query = col.Query();
        string order;
        if (!string.IsNullOrWhiteSpace(filter.Domain))
        {
            var prefix = filter.Domain.Trim().ToLowerInvariant() + "/";
            order = "$.DomainOrder";
            query = query.Where("$.DomainOrder BETWEEN @0 AND @1", prefix + (after ?? ""), prefix + Highest)
                .Where("$.DomainOrder LIKE @0", prefix + "%");
            if (after is not null)
            {
                query = query.Where("$.DomainOrder != @0", prefix + after);
            }
        }
        else
        {
            order = "$._id";
            query = query.Where("$._id BETWEEN @0 AND @1", after ?? "", Highest);
            if (after is not null)
            {
                query = query.Where("$._id != @0", after);
            }
        }
        return (ApplyFilters(query, filter, cutoff), order);
    }

    private static ILiteQueryable<QueuedMessage> ApplyFilters(ILiteQueryable<QueuedMessage> query, QueueFilter filter, DateTime? cutoff)
    {
        if (Like(filter.Sender) is { } sender)
        {
            query = query.Where("$.Sender LIKE @0", sender);
        }
        if (Like(filter.Recipient) is { } recipient)
        {
            query = query.Where("$.Recipients[*].Address ANY LIKE @0", recipient);
        }
        if (Like(filter.Subject) is { } subject)
        {
            query = query.Where("$.Subject LIKE @0", subject);
        }
        if (filter.State is { } state)
        {
            query = query.Where("$.Recipients[*].State ANY = @0", state.ToString());
        }
        if (cutoff is { } c)
        {
            query = query.Where("$.ArrivedAt <= @0", c);
        }
        return ApplyBounds(query, filter);
    }

    private static ILiteQueryable<QueuedMessage> ApplyBounds(ILiteQueryable<QueuedMessage> query, QueueFilter filter)
    {
        if (filter.ArrivedBefore is { } before)
        {
            query = query.Where("$.ArrivedAt < @0", before);
        }
        if (filter.ArrivedAfter is { } after)
        {
            query = query.Where("$.ArrivedAt > @0", after);
        }
        if (filter.LargerThan is { } larger)
        {
            query = query.Where("$.Size > @0", larger);
        }
        if (filter.SmallerThan is { } smaller)
        {
            query = query.Where("$.Size < @0", smaller);
        }
        return query;
    }

    private static BsonValue? Like(string? text) => string.IsNullOrWhiteSpace(text) ? null : new BsonValue("%" + text.Trim() + "%");
}
