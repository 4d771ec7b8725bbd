using SmtpServer.Protocol;

namespace DynamicMail.Smtp.Ingest;

/// <summary>The metric label of a refusal, from its enhanced status code: a small fixed set, never an address.</summary>
internal static class RefusalReasons
{
    public static string Of(SmtpResponse reply) => Code(reply.Message) switch
    {
        "5.7.1" when reply.Message.Contains("DMARC", StringComparison.Ordinal) => "dmarc",
        "5.7.1" when reply.Message.Contains("blocklist", StringComparison.Ordinal) => "blocklist",
        "5.7.1" => "relay",
        "5.2.1" => "domain_disabled",
        "5.1.1" => "unknown_recipient",
        "5.7.8" => "auth",
        "5.3.4" => "size",
        "4.5.3" => "limits",
        "4.3.1" => "disk_full",
        "4.3.0" => "store_error",
        "5.4.6" => "loop",
        "5.6.7" => "non_ascii",
        _ => "protocol",
    };

    private static string Code(string? message) =>
        message is { Length: >= 5 } ? message[..5] : "";
}
