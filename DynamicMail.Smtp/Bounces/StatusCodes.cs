using System.Text.RegularExpressions;

namespace DynamicMail.Smtp.Bounces;

/// <summary>RFC 3463 status codes read from SMTP replies such as "550 5.1.1 No such user".</summary>
internal static partial class StatusCodes
{
    [GeneratedRegex(@"^(?<code>[2-5]\d\d)[ -]+(?<status>[245]\.\d{1,3}\.\d{1,3})\b")]
    private static partial Regex Enhanced();

    /// <summary>The reply's enhanced code, or the class of its basic code ("5.0.0"), or <paramref name="fallback"/>.</summary>
    public static string From(string? reply, string fallback)
    {
        if (string.IsNullOrEmpty(reply))
        {
            return fallback;
        }
        var match = Enhanced().Match(reply);
        if (match.Success)
        {
            return match.Groups["status"].Value;
        }
        return reply.Length >= 3 && reply[0] is '4' or '5' && char.IsAsciiDigit(reply[1]) && char.IsAsciiDigit(reply[2])
            ? reply[0] + ".0.0"
            : fallback;
    }

    public static bool IsTransientReply(string? reply) => reply is { Length: >= 3 } && reply[0] == '4';
}
