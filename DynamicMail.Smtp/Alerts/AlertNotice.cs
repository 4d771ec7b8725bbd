namespace DynamicMail.Smtp.Alerts;

/// <summary>A condition that holds now, worded for the customer (the e-mail body and the webhook's "text").</summary>
public sealed record AlertNotice(AlertKind Kind, string Subject, string Text);
