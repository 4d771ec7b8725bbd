using System.Text.RegularExpressions;

namespace DynamicMail.Smtp.Ingest;

/// <summary>
/// Makes every reply the SMTP library writes carry an RFC 3463 enhanced status code, as ENHANCEDSTATUSCODES
/// promises, and replaces the library's wording where it is wrong for the command answered.
/// </summary>
internal static partial class ReplyRewriter
{
    [GeneratedRegex(@"^(?<code>[2-5]\d\d)(?<sep>[ -])(?<text>.*)$")]
    private static partial Regex ReplyLine();

    [GeneratedRegex(@"^[245]\.\d{1,3}\.\d{1,3}( |$)")]
    private static partial Regex EnhancedCode();

    [GeneratedRegex(@", (?<n>\d+) retry\(ies\) remaining\.$")]
    private static partial Regex RetrySuffix();

    /// <summary>Rewrites one reply line. <paramref name="verb"/> is the command it answers.</summary>
    /// <remarks>The library's ", N retry(ies) remaining." goes: the session counts errors itself (<see cref="ErrorCount"/>).</remarks>
    public static string Rewrite(string line, string? verb, string hostname)
    {
        var m = ReplyLine().Match(line);
        if (!m.Success)
        {
            return line;
        }
        var code = m.Groups["code"].Value;
        var text = m.Groups["text"].Value;
        var retries = RetrySuffix().Match(text);
        if (retries.Success)
        {
            text = text[..retries.Index];
        }
        if (code[0] == '3' || verb is "EHLO" or "HELO" or null || EnhancedCode().IsMatch(text))
        {
            return $"{code}{m.Groups["sep"].Value}{text}";
        }
        (code, var enhanced, text) = Map(code, verb, text, hostname);
        return $"{code}{m.Groups["sep"].Value}{enhanced} {text}";
    }

    private static (string Code, string Enhanced, string Text) Map(string code, string verb, string text, string hostname) =>
        (code, verb) switch
        {
            ("502", CommandTracker.TooLongVerb) => ("500", "5.5.6", "Line too long"),
            ("502", "AUTH") => ("503", "5.5.1", "Authentication not enabled"),
            ("502", "RCPT") => ("501", "5.1.3", "Bad recipient address syntax"),
            ("502", "MAIL") => ("501", "5.1.7", "Bad sender address syntax"),
            ("502", _) => ("502", "5.5.1", "Command not recognized"),
            ("250", "MAIL") => (code, "2.1.0", "Sender ok"),
            ("250", "RCPT") => (code, "2.1.5", "Recipient ok"),
            ("221", _) => (code, "2.0.0", $"{hostname} closing connection"),
            ("552", _) => (code, "5.3.4", "Message size exceeds fixed maximum message size"),
            ("554", "DATA") when text.Length == 0 => ("451", "4.3.0", "Local error in processing, try again later"),
            ("503", _) => (code, "5.5.1", OrDefault(text, "Bad sequence of commands")),
            ("501", _) => (code, "5.5.4", OrDefault(text, "Syntax error in parameters")),
            ("500", _) => (code, "5.5.2", OrDefault(text, "Syntax error")),
            ("421", _) => (code, "4.4.2", $"{hostname} {OrDefault(text, "closing connection")}"),
            _ => (code, $"{code[0]}.0.0", OrDefault(text, "Ok")),
        };

    private static string OrDefault(string text, string fallback) => string.IsNullOrWhiteSpace(text) ? fallback : text;
}
