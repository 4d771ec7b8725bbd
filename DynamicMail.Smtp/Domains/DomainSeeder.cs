using DynamicMail.Smtp.Alerts;
using DynamicMail.Smtp.Recipients;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Domains;

/// <summary>Creates the configured domains that do not exist yet; afterwards the store is authoritative.</summary>
internal sealed class DomainSeeder(
    IDomainDirectory directory, IRecipientLists recipients, WebhookUrlCheck webhooks, IOptions<DomainSeedOptions> options, ILogger<DomainSeeder> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var seed in options.Value.Domains)
        {
            if (directory.FindByName(seed.Name) is not null)
            {
                // The store is authoritative after the first start: say so, or a changed password "does nothing".
                logger.LogInformation("Domain {Domain} from configuration already exists and is left as it is (change it in the console or the API)", seed.Name);
                continue;
            }
            var domain = new CustomerDomain
            {
                Name = seed.Name,
                Slug = seed.Slug ?? "",
                Username = seed.Username,
                DeliveryPort = seed.DeliveryPort,
                DeliveryHost = string.IsNullOrWhiteSpace(seed.DeliveryHost) ? null : seed.DeliveryHost,
                HoldRejected = seed.HoldRejected,
                RequireTls = seed.RequireTls,
                AuthChecks = seed.AuthChecks,
                MaxLifetime = seed.MaxLifetime,
                ContactEmail = string.IsNullOrWhiteSpace(seed.ContactEmail) ? null : seed.ContactEmail.Trim(),
                WebhookUrl = Webhook(seed),
            };
            domain.WebhookSecret = domain.WebhookUrl is null ? null : WebhookUrlCheck.NewSecret();
            if (await directory.TryAddAsync(domain, seed.Password).ConfigureAwait(false))
            {
                logger.LogInformation("Provisioned {Domain} from configuration (slug {Slug})", domain.Name, domain.Slug);
                if (seed.Recipients.Count > 0)
                {
                    await recipients.SetAsync(domain.Name, seed.Recipients, "configuration").ConfigureAwait(false);
                }
            }
            else
            {
                logger.LogWarning("Domain {Domain} from configuration was not created: its slug {Slug} is taken", seed.Name, domain.Slug);
            }
        }
    }

    /// <summary>The seed's webhook URL when the service's policy allows it; a refused one is logged (without the URL) and left out.</summary>
    private string? Webhook(DomainSeed seed)
    {
        if (string.IsNullOrWhiteSpace(seed.WebhookUrl))
        {
            return null;
        }
        if (webhooks.Check(seed.WebhookUrl) is { } error)
        {
            logger.LogError("The webhook URL of {Domain} in configuration was left out: {Reason}", seed.Name, error);
            return null;
        }
        return seed.WebhookUrl.Trim();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
