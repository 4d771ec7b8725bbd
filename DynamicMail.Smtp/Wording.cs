using System.Globalization;

namespace DynamicMail.Smtp;

/// <summary>Counts as people read them, the same in replies, alerts, the console and the customer's page.</summary>
public static class Wording
{
    /// <summary>"1 message", "12 messages", "1,234 messages".</summary>
    public static string Messages(int n) => n == 1 ? "1 message" : $"{n.ToString("N0", CultureInfo.InvariantCulture)} messages";
}
