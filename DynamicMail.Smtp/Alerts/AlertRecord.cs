namespace DynamicMail.Smtp.Alerts;

/// <summary>
/// One alert that was sent: what it said, whether it was e-mailed (<paramref name="EmailedTo"/>, or why not in
/// <paramref name="EmailNote"/>) and how its webhook call ended (<paramref name="Webhook"/>, null: no webhook).
/// </summary>
public sealed record AlertRecord(
    string Id, string Domain, AlertKind Kind, DateTime At, string Subject, string Text, string? EmailedTo, string? EmailNote, string? Webhook);
