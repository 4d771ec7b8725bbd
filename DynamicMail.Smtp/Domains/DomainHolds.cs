using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Operators;

namespace DynamicMail.Smtp.Domains;

/// <summary>Validates and stores holds; see <see cref="IDomainHolds"/>. <see cref="HoldWorker"/> lifts them when they end.</summary>
internal sealed class DomainHolds(IDomainDirectory directory, IMailEvents events, TimeProvider time) : IDomainHolds
{
    public async Task<DomainResult> HoldAsync(string domain, string? reason, DateTime? until, string by)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // A time without a zone is taken as UTC (the API says so), not as the server's local time.
        var end = until is { } u ? (u.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(u, DateTimeKind.Utc) : u.ToUniversalTime())
            : now + HoldLimits.DefaultLength;
        var text = (reason ?? "").Trim();
        if (Check(text, end, now) is { } error)
        {
            return error;
        }
        var hold = new DomainHold { Reason = text, Until = end, By = by, SetAt = now };
        var audit = new AuditEntry(now, by, "domain.hold", DomainValidator.NormalizeName(domain), $"until {end:yyyy-MM-dd HH:mm} UTC: {text}");
        var stored = await directory.SetHoldAsync(domain, hold, audit: audit).ConfigureAwait(false);
        if (stored is null)
        {
            return DomainResult.Fail(DomainFailure.NotFound, nameof(DomainInput.Name), $"There is no domain named {domain}.");
        }
        Announce("domain.hold", stored.Name);
        return DomainResult.Done(stored);
    }

    public async Task<DomainResult> ReleaseAsync(string domain, string by)
    {
        if (directory.FindByName(domain) is not { } current)
        {
            return DomainResult.Fail(DomainFailure.NotFound, nameof(DomainInput.Name), $"There is no domain named {domain}.");
        }
        if (current.Hold is null)
        {
            return DomainResult.Done(current);
        }
        var audit = new AuditEntry(time.GetUtcNow().UtcDateTime, by, "domain.release", current.Name, null);
        var stored = await directory.SetHoldAsync(current.Name, null, audit: audit).ConfigureAwait(false);
        if (stored is null)
        {
            return DomainResult.Fail(DomainFailure.NotFound, nameof(DomainInput.Name), $"There is no domain named {domain}.");
        }
        Announce("domain.release", stored.Name);
        return DomainResult.Done(stored);
    }

    private static DomainResult? Check(string reason, DateTime end, DateTime now)
    {
        if (reason.Length == 0)
        {
            return DomainResult.Fail(DomainFailure.Invalid, "Reason", "Say why delivery is held (the customer and the console see it).");
        }
        if (reason.Length > HoldLimits.MaxReasonLength || reason.Any(char.IsControl))
        {
            return DomainResult.Fail(DomainFailure.Invalid, "Reason", $"The reason must be one line of at most {HoldLimits.MaxReasonLength} characters.");
        }
        if (end <= now)
        {
            return DomainResult.Fail(DomainFailure.Invalid, "Until", "The end of the hold must be in the future.");
        }
        if (end > now + HoldLimits.MaxLength)
        {
            return DomainResult.Fail(DomainFailure.Invalid, "Until", $"A hold lasts at most {HoldLimits.MaxLength.TotalDays:0} days.");
        }
        return null;
    }

    private void Announce(string action, string domain) => events.Publish(new DomainChanged(domain, time.GetUtcNow().UtcDateTime, action));
}
