using System.Runtime.CompilerServices;
using MimeKit;
using MimeKit.Cryptography;

namespace DynamicMail.Smtp.Auth;

/// <summary>
/// Seals a message with DynamicMail's ARC key (RFC 8617, MimeKit's <see cref="ArcSigner"/>): the ARC-Authentication-Results
/// carry the verdict made at the door, so the customer's filter can trust it after the hop. <c>cv=</c> follows the
/// chain the message came with; a message whose chain already failed is not sealed (MimeKit's rule).
/// </summary>
internal sealed class ArcSealer : ArcSigner
{
    private static readonly string[] Signed =
        ["From", "To", "Cc", "Subject", "Date", "Message-ID", "Reply-To", "In-Reply-To", "References", "MIME-Version",
         "Content-Type", "Content-Transfer-Encoding", "DKIM-Signature"];

    private readonly TimeProvider _time;
    private readonly RsaKeyPool _keys;
    private readonly ConditionalWeakTable<MimeMessage, AuthenticationResults> _pending = [];

    public ArcSealer(ArcKey key, TimeProvider time) : base(key.PrivateKey, key.Domain, key.Selector, DkimSignatureAlgorithm.RsaSha256)
    {
        _time = time;
        _keys = key.Pool;
        HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
        BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
    }

    /// <summary>
    /// Adds ARC-Seal, ARC-Message-Signature and ARC-Authentication-Results at the top of <paramref name="message"/>,
    /// on the calling thread (the signatures are the expensive part: see <see cref="ArcSealing"/>).
    /// </summary>
    /// <returns>How many headers were added (0: not sealed).</returns>
    public int Seal(MimeMessage message, AuthenticationResults results, CancellationToken cancellationToken)
    {
        var before = message.Headers.Count;
        var headers = Signed.Where(message.Headers.Contains).ToList();
        if (!headers.Contains("From"))
        {
            return 0; // an ARC-Message-Signature must sign From:
        }
        _pending.AddOrUpdate(message, results);
        try
        {
            Sign(FormatOptions.Default, message, headers, cancellationToken);
        }
        finally
        {
            _pending.Remove(message);
        }
        return message.Headers.Count - before;
    }

    protected override AuthenticationResults GenerateArcAuthenticationResults(FormatOptions options, MimeMessage message, CancellationToken cancellationToken) =>
        _pending.TryGetValue(message, out var results) ? results : null!;

    protected override Task<AuthenticationResults> GenerateArcAuthenticationResultsAsync(FormatOptions options, MimeMessage message,
        CancellationToken cancellationToken) => Task.FromResult(GenerateArcAuthenticationResults(options, message, cancellationToken));

    /// <summary>Signs with .NET's RSA (OpenSSL), not BouncyCastle's: see <see cref="NativeRsaSigner"/>.</summary>
    protected override Org.BouncyCastle.Crypto.ISigner CreateSigningContext() => new NativeRsaSigner(_keys);

    protected override long GetTimestamp() => _time.GetUtcNow().ToUnixTimeSeconds();
}
