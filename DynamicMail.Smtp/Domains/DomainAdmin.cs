using DynamicMail.Smtp.Alerts;
using DynamicMail.Smtp.Bounces;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Domains;

/// <summary>
/// Creating, editing, disabling and deleting domains for the console and the HTTP API alike: the same checks and
/// messages everywhere, an audit entry for each change, and a <see cref="DomainChanged"/> for the dashboard.
/// </summary>
internal sealed class DomainAdmin(
    IDomainDirectory directory, IMailQueue queue, IMailReturns returns, IMailEvents events, TimeProvider time, WebhookUrlCheck webhooks)
    : IDomainAdmin
{
    public async Task<DomainResult> CreateAsync(DomainInput input, string by)
    {
        var errors = Validate(input, creating: true);
        if (errors.Count > 0)
        {
            return new DomainResult(null, DomainFailure.Invalid, errors);
        }
        var domain = Apply(input, new CustomerDomain { Name = DomainValidator.NormalizeName(input.Name) });
        if (!await directory.TryAddAsync(domain, input.Password!, Entry(by, "domain.create", domain.Name, $"slug {domain.Slug}")).ConfigureAwait(false))
        {
            return DomainResult.Fail(DomainFailure.Invalid, nameof(input.Name), $"A domain named {domain.Name} or with the slug {domain.Slug} already exists.");
        }
        Announce("domain.create", domain.Name);
        return DomainResult.Done(domain);
    }

    public async Task<DomainResult> UpdateAsync(string name, DomainInput input, string by)
    {
        if (directory.FindByName(name) is not { } current)
        {
            return DomainResult.Fail(DomainFailure.NotFound, nameof(input.Name), $"There is no domain named {name}.");
        }
        input.Name = current.Name;
        var errors = Validate(input, creating: false);
        if (errors.Count > 0)
        {
            return new DomainResult(null, DomainFailure.Invalid, errors);
        }
        var updated = Apply(input, new CustomerDomain { Name = current.Name, CreatedAt = current.CreatedAt, WebhookSecret = current.WebhookSecret });
        var what = current.Disabled == updated.Disabled ? "domain.update" : updated.Disabled ? "domain.disable" : "domain.enable";
        var newPassword = !string.IsNullOrEmpty(input.Password);
        // The record goes with the last write: the settings, or the password after them.
        var audit = Entry(by, what, current.Name, newPassword ? "password reset" : null);
        var write = await directory.UpdateAsync(updated, newPassword ? null : audit).ConfigureAwait(false);
        if (write != DomainWrite.Done)
        {
            return write == DomainWrite.NotFound
                ? DomainResult.Fail(DomainFailure.NotFound, nameof(input.Name), $"There is no domain named {name}.")
                : DomainResult.Fail(DomainFailure.Invalid, nameof(input.Slug), $"The slug {updated.Slug} is already used.");
        }
        if (newPassword)
        {
            await directory.SetPasswordAsync(current.Name, input.Password!, audit).ConfigureAwait(false);
        }
        Announce(what, current.Name);
        return DomainResult.Done(directory.FindByName(current.Name));
    }

    public async Task<DomainResult> ResetPasswordAsync(string name, string password, string by)
    {
        if (password.Length < 8)
        {
            return DomainResult.Fail(DomainFailure.Invalid, nameof(DomainInput.Password), "The password must have at least 8 characters.");
        }
        if (!await directory.SetPasswordAsync(name, password, Entry(by, "domain.password", name, null)).ConfigureAwait(false))
        {
            return DomainResult.Fail(DomainFailure.NotFound, nameof(DomainInput.Name), $"There is no domain named {name}.");
        }
        Announce("domain.password", name);
        return DomainResult.Done(directory.FindByName(name));
    }

    /// <summary>Ends every session of the domain's login ("log out everywhere", and a customer's logout).</summary>
    public async Task<DomainResult> LogOutEverywhereAsync(string name, string by)
    {
        if (!await directory.RenewStampAsync(name, Entry(by, "domain.logout-all", name, null)).ConfigureAwait(false))
        {
            return DomainResult.Fail(DomainFailure.NotFound, nameof(DomainInput.Name), $"There is no domain named {name}.");
        }
        Announce("domain.logout-all", name);
        return DomainResult.Done(directory.FindByName(name));
    }

    /// <summary>Deletes a domain whose queue is empty, or, with <paramref name="returnQueued"/>, after returning its mail to the senders.</summary>
    public async Task<DomainResult> DeleteAsync(string name, bool returnQueued, string by)
    {
        if (directory.FindByName(name) is not { } domain)
        {
            return DomainResult.Fail(DomainFailure.NotFound, nameof(DomainInput.Name), $"There is no domain named {name}.");
        }
        var queued = queue.Summarize(domain.Name).Messages;
        if (queued > 0 && !returnQueued)
        {
            return DomainResult.Fail(DomainFailure.Conflict, nameof(DomainInput.Name),
                $"{domain.Name} still has {queued} queued message{(queued == 1 ? "" : "s")}: delete it with \"return all queued to senders\", or wait until they are delivered.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var page = await NextToReturnAsync(domain.Name, seen).ConfigureAwait(false); page.Count > 0;
             page = await NextToReturnAsync(domain.Name, seen).ConfigureAwait(false))
        {
            foreach (var message in page)
            {
                await returns.ReturnNowAsync(message.Id, $"The domain {domain.Name} was removed from this service").ConfigureAwait(false);
            }
        }
        if (queue.Summarize(domain.Name).Messages is > 0 and var left)
        {
            return DomainResult.Fail(DomainFailure.Conflict, nameof(DomainInput.Name),
                $"{left} messages of {domain.Name} are not returned yet (in a live delivery attempt, or waiting for their DSN); the domain was kept: try again in a moment.");
        }
        if (await directory.DeleteAsync(domain.Name,
                Entry(by, "domain.delete", domain.Name, queued > 0 ? $"{queued} queued messages returned to their senders" : null)).ConfigureAwait(false))
        {
            Announce("domain.delete", domain.Name);
        }
        return DomainResult.Done(null);
    }

    private async Task<List<QueuedMessage>> NextToReturnAsync(string domain, HashSet<string> seen) =>
        (await queue.ListDomainAsync(domain, 0, 200).ConfigureAwait(false)).Where(m => seen.Add(m.Id)).ToList();

    private static CustomerDomain Apply(DomainInput input, CustomerDomain domain)
    {
        domain.Slug = DomainValidator.EffectiveSlug(input);
        domain.Username = input.Username.Trim();
        domain.DeliveryPort = input.DeliveryPort;
        domain.DeliveryHost = Blank(input.DeliveryHost);
        domain.TlsFingerprint = Blank(input.TlsFingerprint)?.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant();
        domain.ServerName = Blank(input.ServerName)?.TrimEnd('.').ToLowerInvariant();
        domain.ContactEmail = Blank(input.ContactEmail);
        domain.WebhookUrl = Blank(input.WebhookUrl);
        domain.WebhookSecret = domain.WebhookUrl is null ? domain.WebhookSecret : domain.WebhookSecret ?? WebhookUrlCheck.NewSecret();
        domain.Notes = Blank(input.Notes);
        domain.HoldRejected = input.HoldRejected;
        domain.RequireTls = input.RequireTls;
        domain.Disabled = input.Disabled;
        domain.AuthChecks = input.AuthChecks;
        domain.MaxLifetime = input.MaxLifetime;
        return domain;
    }

    /// <summary>The shared checks, and the webhook URL against this service's policy (no internal targets).</summary>
    private Dictionary<string, string[]> Validate(DomainInput input, bool creating)
    {
        var errors = DomainValidator.Validate(input, creating, directory);
        if (webhooks.Check(input.WebhookUrl) is { } error)
        {
            errors[nameof(input.WebhookUrl)] = [error];
        }
        return errors;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The audit entry a change commits with (the store writes it in the change's own transaction).</summary>
    private AuditEntry Entry(string by, string action, string domain, string? detail) =>
        new(time.GetUtcNow().UtcDateTime, by, action, domain, detail);

    private void Announce(string action, string domain) => events.Publish(new DomainChanged(domain, time.GetUtcNow().UtcDateTime, action));
}
