namespace DynamicMail.Smtp.Operators;

/// <summary>One operator action: who, when, what, on which target.</summary>
public sealed class AuditEntry
{
    public AuditEntry() { }

    public AuditEntry(DateTime at, string who, string action, string target, string? detail)
    {
        At = at;
        Operator = who;
        Action = action;
        Target = target;
        Detail = detail;
    }

    /// <summary>Assigned by the store when the entry is written: orders entries by time of writing.</summary>
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string Operator { get; set; } = "";
    public string Action { get; set; } = "";
    public string Target { get; set; } = "";
    public string? Detail { get; set; }
}
