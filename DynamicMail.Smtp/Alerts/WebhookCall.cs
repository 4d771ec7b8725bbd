namespace DynamicMail.Smtp.Alerts;

/// <summary>One alert to POST to one domain's webhook, signed with the domain's key (never logged).</summary>
internal sealed record WebhookCall(AlertRecord Alert, string Url, string Secret)
{
    public override string ToString() => $"webhook call {Alert.Id} for {Alert.Domain}";
}
