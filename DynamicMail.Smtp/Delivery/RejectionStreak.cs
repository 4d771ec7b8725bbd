using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Delivery;

/// <summary>
/// Holds back per-recipient 5xx refusals while they all carry the same reply: ten identical refusals in a row mean
/// the site refuses everything (a misconfigured server), so they must be released, not bounced.
/// </summary>
internal sealed class RejectionStreak(int limit)
{
    private readonly List<(string MessageId, DeliveryOutcome Outcome)> _held = [];
    private string? _reply;

    public bool IsSiteFault => _held.Count >= limit;

    /// <summary>Adds a refusal; returns the held refusals that are now known to be genuine (a different reply broke the streak).</summary>
    public List<(string MessageId, DeliveryOutcome Outcome)> Add(string messageId, DeliveryOutcome outcome)
    {
        var key = Normalize(outcome.Reply, outcome.Address);
        var flushed = key == _reply ? [] : Take();
        _reply = key;
        _held.Add((messageId, outcome));
        return flushed;
    }

    /// <summary>Any other reply ends the streak; the held refusals stand.</summary>
    public List<(string MessageId, DeliveryOutcome Outcome)> Take()
    {
        var held = _held.ToList();
        _held.Clear();
        _reply = null;
        return held;
    }

    /// <summary>The reply without the recipient's own address, so "user unknown" for different users stays different only by address.</summary>
    private static string Normalize(string? reply, string address) => (reply ?? "").Replace(address, "", StringComparison.OrdinalIgnoreCase);
}
