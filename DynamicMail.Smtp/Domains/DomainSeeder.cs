using DynamicMail.Smtp.Recipients;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Domains;

/// <summary>Creates the configured domains that do not exist yet; afterwards the store is authoritative.</summary>
internal sealed class DomainSeeder(IDomainDirectory directory, IRecipientLists recipients, IOptions<DomainSeedOptions> options, ILogger<DomainSeeder> logger)
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
            };
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
