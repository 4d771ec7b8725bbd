using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace DynamicMail.Smtp.Auth;

/// <summary>
/// The seal's rsa-sha256 signature through .NET's RSA (OpenSSL) instead of BouncyCastle's managed arithmetic, which
/// measured about four times slower per signature; MimeKit asks for it through its <see cref="ISigner"/> hook.
/// RSA instances come from a small pool: one instance is not used by two threads at once.
/// </summary>
internal sealed class NativeRsaSigner(RsaKeyPool keys) : ISigner
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public string AlgorithmName => "SHA-256withRSA";

    public void Init(bool forSigning, ICipherParameters parameters)
    {
    }

    public void Update(byte input) => _hash.AppendData([input]);

    public void BlockUpdate(byte[] input, int inOff, int inLen) => _hash.AppendData(input, inOff, inLen);

    public void BlockUpdate(ReadOnlySpan<byte> input) => _hash.AppendData(input);

    public int GetMaxSignatureSize() => keys.SignatureSize;

    public byte[] GenerateSignature()
    {
        var digest = _hash.GetHashAndReset();
        var rsa = keys.Rent();
        try
        {
            return rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        finally
        {
            keys.Return(rsa);
        }
    }

    public bool VerifySignature(byte[] signature) => throw new NotSupportedException("the seal's signer only signs");

    public void Reset() => _hash.GetHashAndReset();
}
