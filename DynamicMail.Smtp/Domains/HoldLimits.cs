namespace DynamicMail.Smtp.Domains;

/// <summary>The bounds of a domain hold, shared by the engine's checks, the console, the customer page and the API.</summary>
public static class HoldLimits
{
    public static readonly TimeSpan DefaultLength = TimeSpan.FromDays(3);
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(30);
    public const int MaxReasonLength = 500;
}
