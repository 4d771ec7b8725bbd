using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Delivery;

/// <summary>What every delivery worker of one domain session shares.</summary>
internal sealed record DeliveryContext(
    CustomerDomain Domain,
    DeliveryTarget Target,
    IMailQueue Queue,
    IMailSender Sender,
    DomainStatusBoard Board,
    IMailEvents Events,
    DeliveryOptions Options,
    TimeProvider Time,
    ILogger Logger)
{
    public DateTime Now => Time.GetUtcNow().UtcDateTime;

    /// <summary>ODMR: end when nothing is due or the one connection fails, instead of waiting and retrying.</summary>
    public bool StopWhenIdle { get; init; }

    /// <summary>Seals what the background sealer has not reached yet, just before it is sent (null: no sealing).</summary>
    public Auth.ArcSealing? Sealing { get; init; }

    /// <summary>Where the transcripts of attempts are kept; null: not kept.</summary>
    public Transcripts.ITranscriptLog? Transcripts { get; init; }
}
