using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DynamicMail.Smtp.Auth;

/// <summary>RSA instances of one private key, lent to one signature at a time.</summary>
internal sealed class RsaKeyPool(string pem)
{
    private readonly ConcurrentBag<RSA> _free = [];

    public int SignatureSize { get; } = Size(pem);

    public RSA Rent()
    {
        if (_free.TryTake(out var rsa))
        {
            return rsa;
        }
        rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa;
    }

    public void Return(RSA rsa) => _free.Add(rsa);

    private static int Size(string pem)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa.KeySize / 8;
    }
}
