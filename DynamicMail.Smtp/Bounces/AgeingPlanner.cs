using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Bounces;

/// <summary>
/// Decides, for one message at one moment, which senders must hear what: refused recipients are returned at once,
/// recipients still waiting at the end of the lifetime expire (5.4.7), and each passed delay-warning threshold
/// produces one "delayed" notice (4.4.1, or the last 4xx received) — several passed thresholds produce only one.
/// </summary>
internal static class AgeingPlanner
{
    public static AgeingPlan Plan(QueuedMessage message, DateTime now, AgeingSchedule schedule)
    {
        var dsns = new List<PlannedDsn>();
        var changes = new List<RecipientChange>();
        var failed = new List<DsnRecipient>();
        // One DSN per message per event: refusals wait until no recipient of the message is in a live delivery attempt.
        var refusals = message.Recipients.Exists(r => IsInFlight(r, now))
            ? Enumerable.Empty<QueuedRecipient>()
            : message.Recipients.Where(r => r.State == RecipientState.Failed);
        foreach (var r in refusals)
        {
            failed.Add(Describe(r, StatusCodes.From(r.LastReply, "5.0.0")));
            changes.Add(new RecipientChange(r.Address, RecipientState.Failed, RecipientState.Returned));
        }
        if (failed.Count > 0)
        {
            dsns.Add(new PlannedDsn(DsnKind.Failed, DsnReason.Refused, failed));
        }
        var warnings = message.DelayWarningsSent;
        if (now >= schedule.ExpiresAt(message))
        {
            var expired = message.Recipients.Where(r => IsIdle(r, now)).ToList();
            if (expired.Count > 0)
            {
                dsns.Add(new PlannedDsn(DsnKind.Failed, DsnReason.Expired, expired.Select(r => Describe(r, "5.4.7")).ToList()));
                changes.AddRange(expired.Select(r => new RecipientChange(r.Address, r.State, RecipientState.Expired)));
            }
            warnings = Math.Max(warnings, schedule.WarningsOf(message.Domain).Count);
        }
        else if (schedule.WarningsDue(message, now) is var due && due > warnings)
        {
            var waiting = message.Recipients.Where(r => r.IsPending).ToList();
            if (waiting.Count > 0)
            {
                dsns.Add(new PlannedDsn(DsnKind.Delayed, DsnReason.Waiting, waiting.Select(DescribeDelay).ToList()));
            }
            warnings = due;
        }
        return new AgeingPlan(warnings, dsns, changes);
    }

    /// <summary>Every recipient still waiting (queued, held, or with a lapsed lease) is returned by the operator.</summary>
    public static AgeingPlan ReturnNow(QueuedMessage message, DateTime now, string? note)
    {
        var returned = message.Recipients.Where(r => IsIdle(r, now)).ToList();
        var changes = returned.Select(r => new RecipientChange(r.Address, r.State, RecipientState.Returned)).ToList();
        var dsns = returned.Count == 0
            ? new List<PlannedDsn>()
            : [new PlannedDsn(DsnKind.Failed, DsnReason.Operator, returned.Select(r => Describe(r, "5.0.0")).ToList(), note)];
        return new AgeingPlan(message.DelayWarningsSent, dsns, changes);
    }

    private static bool IsInFlight(QueuedRecipient r, DateTime now) => r.State == RecipientState.Delivering && r.LeaseExpiresAt > now;

    /// <summary>Pending and not in a live delivery attempt; one whose lease is live is settled after it.</summary>
    private static bool IsIdle(QueuedRecipient r, DateTime now) =>
        r.State is RecipientState.Queued or RecipientState.Held
        || (r.State == RecipientState.Delivering && r.LeaseExpiresAt <= now);

    private static DsnRecipient Describe(QueuedRecipient r, string status) =>
        new(r.Address, status, r.LastReply, r.RemoteMta, r.LastAttemptAt);

    private static DsnRecipient DescribeDelay(QueuedRecipient r) =>
        Describe(r, StatusCodes.IsTransientReply(r.LastReply) ? StatusCodes.From(r.LastReply, "4.4.1") : "4.4.1");
}
