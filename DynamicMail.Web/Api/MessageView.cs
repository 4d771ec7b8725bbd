using DynamicMail.Smtp.Queue;

namespace DynamicMail.Web.Api;

/// <summary>A queued message as the API lists it.</summary>
public sealed record MessageView(
    string Id, string Domain, string Sender, DateTime ArrivedAt, long Size, string? Subject, string State, IReadOnlyList<RecipientView> Recipients)
{
    public static MessageView From(QueuedMessage m) => new(
        m.Id, m.Domain, m.Sender, m.ArrivedAt, m.Size, m.Subject, MessageSummary.Of(m),
        m.Recipients.Select(r => new RecipientView(r.Address, r.State.ToString(), r.Attempts, r.LastReply)).ToList());
}
