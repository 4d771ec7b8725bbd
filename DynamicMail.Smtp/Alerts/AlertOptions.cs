using System.ComponentModel.DataAnnotations;

namespace DynamicMail.Smtp.Alerts;

/// <summary>Alerts to the customer: mail waiting, mail about to be returned, delivery paused ("DynamicMail:Alerts").</summary>
public sealed class AlertOptions : IValidatableObject
{
    public const string Section = "DynamicMail:Alerts";

    /// <summary>
    /// Alert when mail is waiting, the customer is offline, and this long has passed since the later of the oldest
    /// arrival and the last time they were online (connected or left).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan WaitingAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Alert when the oldest waiting message will be returned to its sender within this time.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ExpiryWarningBefore { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The From of alert e-mails; empty: <c>postmaster@</c> the SMTP host name.</summary>
    public string? From { get; set; }

    /// <summary>How often every domain's conditions are looked at (a paused delivery is looked at when it happens).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Allow webhook URLs on loopback, private and link-local addresses (tests, closed networks).</summary>
    public bool AllowPrivateWebhooks { get; set; }

    /// <summary>Attempts per webhook call; the waits between them start at <see cref="WebhookRetryDelay"/> and double.</summary>
    [Range(1, 10)]
    public int WebhookAttempts { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most one webhook request may take (connect, send, answer).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(From) && !System.Text.RegularExpressions.Regex.IsMatch(From, @"^[^@\s<>]+@[^@\s<>]+$"))
        {
            yield return new ValidationResult("From must be an e-mail address such as postmaster@mx.example.net.", [nameof(From)]);
        }
    }
}
