namespace DynamicMail.Smtp.Events;

/// <summary>An ODMR client turned its connection around (Active) or its session ended.</summary>
public sealed record OdmrSessionChanged(string Domain, DateTime At, string Client, bool Active) : MailEvent(Domain, At);
