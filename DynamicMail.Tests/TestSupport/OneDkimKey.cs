using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace DynamicMail.Tests.TestSupport;

/// <summary>Hands MimeKit the one published key record, as a receiver that looked it up in DNS would.</summary>
public sealed class OneDkimKey(string record) : DkimPublicKeyLocatorBase
{
    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        GetPublicKey(record);

    public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        Task.FromResult(GetPublicKey(record));
}
