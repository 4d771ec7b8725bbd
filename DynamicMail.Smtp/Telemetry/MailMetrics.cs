using System.Diagnostics.Metrics;

namespace DynamicMail.Smtp.Telemetry;

/// <summary>
/// The engine's counters and histograms on the meter <see cref="EngineMeter.Name"/>. Names and units follow
/// OpenTelemetry conventions (Prometheus shows <c>dynamicmail.messages.accepted</c> as
/// <c>dynamicmail_messages_accepted_total</c>). Labels are small fixed sets: never an address, subject or IP.
/// </summary>
internal sealed class MailMetrics
{
    public MailMetrics(IMeterFactory factory)
    {
        Meter = factory.Create(EngineMeter.Name);
        Accepted = Meter.CreateCounter<long>("dynamicmail.messages.accepted", "{message}", "Messages stored (one per customer domain of a transaction)");
        Refused = Meter.CreateCounter<long>("dynamicmail.messages.refused", "{command}", "MAIL, RCPT or DATA refused at the door, and ODMR logins refused, by reason");
        Received = Meter.CreateCounter<long>("dynamicmail.received", "By", "Bytes of accepted messages");
        Delivered = Meter.CreateCounter<long>("dynamicmail.recipients.delivered", "{recipient}", "Recipients the customer's server accepted");
        Deferred = Meter.CreateCounter<long>("dynamicmail.recipients.deferred", "{recipient}", "Recipients refused temporarily (4xx), kept for a retry");
        Failed = Meter.CreateCounter<long>("dynamicmail.recipients.failed", "{recipient}", "Recipients the customer's server refused permanently (5xx)");
        Returned = Meter.CreateCounter<long>("dynamicmail.recipients.returned", "{recipient}", "Recipients reported back to the sender as failed (refused or expired)");
        DeliveredBytes = Meter.CreateCounter<long>("dynamicmail.delivered", "By", "Bytes of messages delivered to customers' servers");
        DsnQueued = Meter.CreateCounter<long>("dynamicmail.dsns.queued", "{dsn}", "DSNs put in the outbox to be sent, by kind");
        DsnSuppressed = Meter.CreateCounter<long>("dynamicmail.dsns.suppressed", "{dsn}", "DSNs not sent (null sender, rate limit), by kind");
        Sealed = Meter.CreateCounter<long>("dynamicmail.messages.sealed", "{message}", "Messages given DynamicMail's ARC seal, by when: queued (background) or delivery");
        StoreCommit = Meter.CreateHistogram<double>("dynamicmail.store.commit.duration", "s", "One store transaction (a batch of writes) until committed");
        StoreFlush = Meter.CreateHistogram<double>("dynamicmail.store.flush.duration", "s", "fsync of the store log after a commit");
        Delivery = Meter.CreateHistogram<double>("dynamicmail.delivery.duration", "s", "From sending a message until the customer's server answered it");
    }

    public Meter Meter { get; }
    public Counter<long> Accepted { get; }
    public Counter<long> Refused { get; }
    public Counter<long> Received { get; }
    public Counter<long> Delivered { get; }
    public Counter<long> Deferred { get; }
    public Counter<long> Failed { get; }
    public Counter<long> Returned { get; }
    public Counter<long> DeliveredBytes { get; }
    public Counter<long> DsnQueued { get; }
    public Counter<long> DsnSuppressed { get; }
    public Counter<long> Sealed { get; }
    public Histogram<double> StoreCommit { get; }
    public Histogram<double> StoreFlush { get; }
    public Histogram<double> Delivery { get; }

    public void RecordRefusal(string reason) => Refused.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
