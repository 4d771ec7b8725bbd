using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Delivery;

/// <summary>
/// Tells a refusal that concerns one message from a site that refuses everything. A message whose recipients were
/// all refused with the same reply (or whose MAIL FROM or DATA was refused) is held back; when that many
/// <em>different</em> messages in a row of a domain's workers get the same reply, the site refuses all mail and the
/// held messages are released, not bounced. Any other outcome shows the held refusals to be genuine.
/// Refusals inside one message never count as a site signal, however many recipients it has.
/// </summary>
internal sealed class RejectionStreak(int limit)
{
    private readonly Lock _gate = new();
    private readonly List<HeldRefusal> _held = [];
    private string? _reply;

    /// <summary>
    /// The reply shared by every outcome when all are refusals, without the recipients' addresses; else null. A reply
    /// about the addressed mailbox itself (RFC 3463 X.1.X addressing, X.2.X mailbox status: "5.1.1 no such user")
    /// concerns its recipient by its nature and never counts toward a site fault, or a queue of mail to
    /// unknown users would pause the domain and never reach its senders.
    /// </summary>
    public static string? WholeMessageRefusal(IReadOnlyList<DeliveryOutcome> outcomes)
    {
        if (outcomes.Count == 0 || !outcomes.All(o => o.Kind == RecipientOutcome.Rejected) || outcomes.Any(o => IsAboutTheMailbox(o.Reply)))
        {
            return null;
        }
        var keys = outcomes.Select(o => Normalize(o.Reply, o.Address)).Distinct(StringComparer.Ordinal).Take(2).ToList();
        return keys.Count == 1 ? keys[0] : null;
    }

    /// <summary>
    /// Holds a whole-message refusal. Returns the refusals now known to be genuine (a different reply broke the
    /// streak) and, when the streak reached the limit, every held refusal to release as a site fault.
    /// </summary>
    public (List<HeldRefusal> Genuine, List<HeldRefusal>? SiteFault) Add(HeldRefusal refusal, string reply)
    {
        lock (_gate)
        {
            var genuine = reply == _reply ? [] : TakeLocked();
            _reply = reply;
            _held.Add(refusal);
            return (genuine, _held.Count >= limit ? TakeLocked() : null);
        }
    }

    /// <summary>Ends the streak (another outcome, or no more work): returns what was held.</summary>
    public List<HeldRefusal> Take()
    {
        lock (_gate)
        {
            return TakeLocked();
        }
    }

    private List<HeldRefusal> TakeLocked()
    {
        var held = _held.ToList();
        _held.Clear();
        _reply = null;
        return held;
    }

    private static bool IsAboutTheMailbox(string? reply) =>
        Bounces.StatusCodes.From(reply, "") is ['5', '.', '1' or '2', '.', ..];

    /// <summary>The reply without the recipient's own address, so "user unknown" for different users is one reply.</summary>
    private static string Normalize(string? reply, string address) => (reply ?? "").Replace(address, "", StringComparison.OrdinalIgnoreCase);
}
