using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace DynamicMail.Smtp.Auth;

/// <summary>
/// DynamicMail's own ARC sealing key: RSA 2048, made once in the data folder (<c>arc/arc-key.pem</c>, readable by the
/// service only) and kept across restarts; its public half is what the operator publishes as a DKIM key record.
/// </summary>
public sealed class ArcKey
{
    public const string FileName = "arc-key.pem";

    private ArcKey(string domain, string selector, AsymmetricKeyParameter privateKey, string publicKey, string pem)
    {
        Pool = new RsaKeyPool(pem);
        Domain = domain;
        Selector = selector;
        PrivateKey = privateKey;
        PublicKeyBase64 = publicKey;
    }

    /// <summary>The seal's <c>d=</c>.</summary>
    public string Domain { get; }

    /// <summary>The seal's <c>s=</c>.</summary>
    public string Selector { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>The same key for .NET's RSA, which signs the seal.</summary>
    internal RsaKeyPool Pool { get; }

    public string PublicKeyBase64 { get; }

    /// <summary>Where to publish the key: <c>selector._domainkey.domain</c>.</summary>
    public string RecordName => $"{Selector}._domainkey.{Domain}";

    /// <summary>The TXT record's value to publish.</summary>
    public string RecordValue => "v=DKIM1; k=rsa; p=" + PublicKeyBase64;

    /// <summary>Reads the key from <paramref name="folder"/>, making it first when there is none.</summary>
    public static ArcKey LoadOrCreate(string folder, string domain, string selector)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            Create(folder, path);
        }
        var pem = File.ReadAllText(path);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        using var reader = new StringReader(pem);
        var parsed = new Org.BouncyCastle.OpenSsl.PemReader(reader).ReadObject();
        var key = parsed as AsymmetricKeyParameter ?? (parsed as AsymmetricCipherKeyPair)?.Private
            ?? throw new InvalidOperationException($"{path} holds no RSA private key");
        return new ArcKey(domain, selector, key, Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()), pem);
    }

    private static void Create(string folder, string path)
    {
        Directory.CreateDirectory(folder);
        using var rsa = RSA.Create(2048);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var file = new StreamWriter(new FileStream(temp, options)))
        {
            file.Write(rsa.ExportPkcs8PrivateKeyPem());
            file.Flush();
            ((FileStream)file.BaseStream).Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: false);
    }
}
