using DynamicMail.Smtp.Alerts;

namespace DynamicMail.Web.Api;

/// <summary>An alert sent to a domain's customer, as the API lists it.</summary>
public sealed record AlertView(string Id, string Kind, DateTime At, string Subject, string Text, string? EmailedTo, string? EmailNote, string? Webhook)
{
    public static AlertView From(AlertRecord a) => new(a.Id, a.Kind.ToString(), a.At, a.Subject, a.Text, a.EmailedTo, a.EmailNote, a.Webhook);
}
