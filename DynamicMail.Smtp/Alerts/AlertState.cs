namespace DynamicMail.Smtp.Alerts;

/// <summary>Where one condition of one domain stands: alerted and not cleared yet (<paramref name="Active"/>), and when it last alerted.</summary>
public sealed record AlertState(string Domain, AlertKind Kind, bool Active, DateTime LastSentAt);
