using MimeKit;
using MimeKit.Cryptography;

namespace DynamicMail.Smtp.Auth;

/// <summary>Verifies the ARC chain a message arrived with (RFC 8617) with MimeKit's <see cref="ArcVerifier"/>.</summary>
internal sealed class ArcCheck(DkimKeyLocator keys)
{
    private readonly ArcVerifier _verifier = new(keys);

    /// <returns><c>none</c> (no chain), <c>pass</c> or <c>fail</c>.</returns>
    public async Task<string> CheckAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        if (!message.Headers.Contains(HeaderId.ArcSeal))
        {
            return "none";
        }
        try
        {
            var result = await _verifier.VerifyAsync(message, cancellationToken).ConfigureAwait(false);
            return result.Chain switch
            {
                ArcSignatureValidationResult.Pass => "pass",
                ArcSignatureValidationResult.None => "none",
                _ => "fail",
            };
        }
        catch (Exception ex) when (ex is DkimKeyException or FormatException or ParseException or NotSupportedException or ArgumentException)
        {
            return "fail";
        }
    }
}
