using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Storage.LiteDb;

namespace DynamicMail.Tests.TestSupport;

/// <summary>
/// Synchronous reads of the store for assertions and <see cref="Wait.Until"/> predicates (which take a plain
/// condition). Each wraps the store's async method; the embedded store completes them at once.
/// </summary>
internal static class StoreReads
{
    public static QueuedMessage? Find(this IMailQueue queue, string id) => queue.FindAsync(id).GetAwaiter().GetResult();

    public static IReadOnlyList<QueuedMessage> ListDomain(this IMailQueue queue, string domain, int skip, int take) =>
        queue.ListDomainAsync(domain, skip, take).GetAwaiter().GetResult();

    public static Stream OpenContent(this IMailQueue queue, QueuedMessage message) => queue.OpenContentAsync(message).GetAwaiter().GetResult();

    public static QueuePage Browse(this IQueueAdmin admin, QueueFilter filter, string? after, int take) =>
        admin.BrowseAsync(filter, after, take).GetAwaiter().GetResult();

    /// <summary>What is due, without leasing it as <see cref="IOutbox.ClaimDueAsync"/> does.</summary>
    public static IReadOnlyList<OutboundMessage> Due(this IOutbox outbox, DateTime now, int max) => ((LiteDbOutbox)outbox).Peek(now, max);

    public static int Count(this IOutbox outbox) => outbox.CountAsync().GetAwaiter().GetResult();

    public static IReadOnlyList<AuditEntry> Recent(this IAuditLog audit, int take, string? search = null) =>
        audit.RecentAsync(take, search).GetAwaiter().GetResult();

    public static Operator? Find(this IOperatorDirectory operators, string username) => operators.FindAsync(username).GetAwaiter().GetResult();

    public static Operator? Authenticate(this IOperatorDirectory operators, string username, string password) =>
        operators.AuthenticateAsync(username, password).GetAwaiter().GetResult();

    public static IReadOnlyList<Operator> All(this IOperatorDirectory operators) => operators.AllAsync().GetAwaiter().GetResult();

    public static IReadOnlyList<ApiKey> All(this IApiKeys keys) => keys.AllAsync().GetAwaiter().GetResult();

    public static ApiKey? Verify(this IApiKeys keys, string presented) => keys.VerifyAsync(presented).GetAwaiter().GetResult();
}
