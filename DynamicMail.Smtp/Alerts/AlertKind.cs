namespace DynamicMail.Smtp.Alerts;

/// <summary>The conditions a customer is alerted about; each alerts at most once a day, and again only after it cleared.</summary>
public enum AlertKind
{
    /// <summary>Mail is waiting and the customer has not been online for <see cref="AlertOptions.WaitingAfter"/> since it arrived.</summary>
    MailWaiting,

    /// <summary>Waiting mail will be returned to its senders within <see cref="AlertOptions.ExpiryWarningBefore"/>.</summary>
    ExpirySoon,

    /// <summary>The customer's server refused every message: delivery is paused.</summary>
    ServerRefused,

    /// <summary>The customer's server could not be reached when the customer logged in.</summary>
    ServerUnreachable,
}
