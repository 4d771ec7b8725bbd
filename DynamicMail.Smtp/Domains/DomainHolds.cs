using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Operators;

namespace DynamicMail.Smtp.Domains;

/// <summary>Validates and stores holds; see <see cref="IDomainHolds"/>. <see cref="HoldWorker"/> lifts them when they end.</summary>
internal sealed class DomainHolds(IDomainDirectory directory, IAuditLog audit, IMailEvents events, TimeProvider time) : IDomainHolds
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
        var stored = await directory.SetHoldAsync(domain, hold).ConfigureAwait(false);
        if (stored is null)
        {
            return DomainResult.Fail(DomainFailure.NotFound, nameof(DomainInput.Name), $"There is no domain named {domain}.");
        }
        await DoneAsync(by, "domain.hold", stored.Name, $"until {end:yyyy-MM-dd HH:mm} UTC: {text}").ConfigureAwait(false);
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
        var stored = await directory.SetHoldAsync(current.Name, null).ConfigureAwait(false);
        if (stored is null)
        {
            return DomainResult.Fail(DomainFailure.NotFound, nameof(DomainInput.Name), $"There is no domain named {domain}.");
        }
        await DoneAsync(by, "domain.release", stored.Name, null).ConfigureAwait(false);
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

    private async Task DoneAsync(string by, string action, string domain, string? detail)
    {
        await audit.RecordAsync(by, action, domain, detail).ConfigureAwait(false);
        events.Publish(new DomainChanged(domain, time.GetUtcNow().UtcDateTime, action));
    }
}
