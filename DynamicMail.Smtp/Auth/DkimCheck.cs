using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace DynamicMail.Smtp.Auth;

/// <summary>Verifies every DKIM-Signature of a message (RFC 6376) with MimeKit's <see cref="DkimVerifier"/>.</summary>
internal sealed class DkimCheck(DkimKeyLocator keys)
{
    /// <summary>At most this many signatures are verified; the rest are ignored (each costs a DNS lookup and a hash).</summary>
    private const int MaxSignatures = 5;
    private readonly DkimVerifier _verifier = new(keys);

    public async Task<IReadOnlyList<DkimResult>> CheckAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var signatures = message.Headers.Where(h => h.Id == HeaderId.DkimSignature).Take(MaxSignatures).ToList();
        var results = new List<DkimResult>(signatures.Count);
        foreach (var signature in signatures)
        {
            results.Add(await VerifyAsync(message, signature, cancellationToken).ConfigureAwait(false));
        }
        return results;
    }

    private async Task<DkimResult> VerifyAsync(MimeMessage message, Header signature, CancellationToken cancellationToken)
    {
        var tags = TagList.Parse(signature.Value);
        var domain = tags.GetValueOrDefault("d")?.ToLowerInvariant();
        var selector = tags.GetValueOrDefault("s");
        try
        {
            var ok = await _verifier.VerifyAsync(message, signature, cancellationToken).ConfigureAwait(false);
            return new DkimResult(ok ? "pass" : "fail", domain, selector, ok ? null : "signature did not verify");
        }
        catch (DkimKeyException ex)
        {
            return new DkimResult(ex.Temporary ? "temperror" : "permerror", domain, selector, ex.Message);
        }
        catch (Exception ex) when (ex is FormatException or ParseException or NotSupportedException or ArgumentException or InvalidCastException
            or Org.BouncyCastle.Security.InvalidKeyException or CryptoException)
        {
            return new DkimResult("permerror", domain, selector, ex.Message);
        }
    }
}
