using System.ComponentModel.DataAnnotations;

namespace DynamicMail.Smtp.Delivery;

/// <summary>Delivery to customers' servers ("DynamicMail:Delivery").</summary>
public sealed class DeliveryOptions
{
    public const string Section = "DynamicMail:Delivery";

    [Range(1, 50)]
    public int ConnectionsPerDomain { get; set; } = 2;

    /// <summary>Wait after a site fault (refused, timeout, 421, 5xx greeting) before trying again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait after a 4xx for a recipient; it doubles with each attempt, up to 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan DeferBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Allow loopback, private, link-local and CGNAT browser addresses as targets (true in Development).</summary>
    public bool AllowPrivateTargets { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The most one transaction (MAIL FROM to the reply after the final dot) may take, plus a second per 64 KiB of
    /// the message: a server that answers slowly but never stops answering cannot hold a connection for ever.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TransactionTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>When the page closes, how long a transaction in flight may take to finish before it is cut off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan StopGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed recipient stays leased if its deliverer dies.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most messages claimed per round trip to the store (fewer while a domain has few queued).</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// The same 5xx for every recipient of this many different messages in a row is a site fault, not those messages'
    /// failure. Refusals within one message never count as a site fault.
    /// </summary>
    [Range(2, 1000)]
    public int SameRejectionLimit { get; set; } = 5;

    /// <summary>
    /// A message whose delivery ends in an internal error (not a reply: its body unreadable, a fault of ours) is tried
    /// again soon; after this many such attempts in a row it is set aside (held, with the error) and not retried.
    /// </summary>
    [Range(1, 100)]
    public int PoisonAfter { get; set; } = 3;
}
