using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Delivery;

/// <summary>Builds a domain's delivery context, applying the target policy.</summary>
internal sealed class DeliveryContextFactory(
    IMailQueue queue, IMailSender sender, DomainStatusBoard board, IMailEvents events, IOptions<DeliveryOptions> options, TimeProvider time, ILoggerFactory loggers,
    Auth.ArcSealing sealing, Transcripts.ITranscriptLog transcripts)
{
    /// <summary>The hold in force on <paramref name="domain"/> now, or null: while there is one, no delivery starts.</summary>
    public DomainHold? ActiveHold(CustomerDomain domain) => DomainHold.Active(domain, time.GetUtcNow().UtcDateTime);

    public (DeliveryContext? Context, string? Refusal) Create(CustomerDomain domain, System.Net.IPAddress browser)
    {
        var (target, refusal) = TargetPolicy.Resolve(domain, browser, options.Value.AllowPrivateTargets);
        return target is null
            ? (null, refusal)
            : (new DeliveryContext(domain, target, queue, sender, board, events, options.Value, time, loggers.CreateLogger("DynamicMail.Delivery"))
            {
                Sealing = sealing,
                Transcripts = transcripts,
            }, null);
    }
}
