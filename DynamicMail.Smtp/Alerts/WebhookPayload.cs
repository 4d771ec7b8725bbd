using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DynamicMail.Smtp.Alerts;

/// <summary>
/// The JSON body of a webhook call and its signature: <c>X-DynamicMail-Signature: sha256=</c> the lower-case hex
/// HMAC-SHA256 of the exact body bytes under the domain's webhook secret.
/// </summary>
internal static class WebhookPayload
{
    public const string SignatureHeader = "X-DynamicMail-Signature";

    public static byte[] Body(AlertRecord alert) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        id = alert.Id,
        domain = alert.Domain,
        kind = alert.Kind.ToString(),
        at = alert.At,
        subject = alert.Subject,
        text = alert.Text,
    });

    public static string Signature(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
