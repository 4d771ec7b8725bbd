using System.Collections.Concurrent;
using ARSoft.Tools.Net.Dns;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace DynamicMail.Smtp.Auth;

/// <summary>DKIM and ARC public keys from DNS (<c>selector._domainkey.domain</c> TXT) through the engine's resolver.</summary>
internal sealed class DkimKeyLocator(CachingResolver dns) : DkimPublicKeyLocatorBase
{
    private const int MaxKeys = 10_000;
    private readonly ConcurrentDictionary<string, AsymmetricKeyParameter> _parsed = new(StringComparer.Ordinal);

    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        LocatePublicKeyAsync(methods, domain, selector, cancellationToken).GetAwaiter().GetResult();

    public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector,
        CancellationToken cancellationToken = default)
    {
        if (!methods.Split(':').Any(m => m.Trim().Equals("dns/txt", StringComparison.OrdinalIgnoreCase)))
        {
            throw new DkimKeyException($"unsupported key query method {methods}", temporary: false);
        }
        var name = $"{selector}._domainkey.{domain}";
        var answer = await dns.QueryAsync(name, RecordType.Txt, cancellationToken).ConfigureAwait(false);
        if (!answer.IsDefinite)
        {
            throw new DkimKeyException($"key lookup of {name} failed", temporary: true);
        }
        var text = answer.Texts.FirstOrDefault(t => t.Contains("p=", StringComparison.Ordinal))
            ?? throw new DkimKeyException($"no key at {name}", temporary: false);
        if (_parsed.TryGetValue(text, out var key))
        {
            return key;
        }
        try
        {
            key = GetPublicKey(text);
        }
        catch (Exception ex) when (ex is FormatException or ParseException or ArgumentException or InvalidOperationException)
        {
            throw new DkimKeyException($"unusable key at {name}: {ex.Message}", temporary: false);
        }
        if (_parsed.Count > MaxKeys)
        {
            _parsed.Clear();
        }
        _parsed[text] = key;
        return key;
    }
}
