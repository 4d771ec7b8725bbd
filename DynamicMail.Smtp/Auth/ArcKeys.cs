using DynamicMail.Smtp.Ingest;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Auth;

/// <summary>The ARC key of this installation, made on first use; the console shows its DNS record.</summary>
public sealed class ArcKeys(IOptions<AuthOptions> auth, IOptions<SmtpOptions> smtp, IOptions<StoreOptions> store)
{
    private readonly Lazy<ArcKey> _key = new(() => ArcKey.LoadOrCreate(
        Path.Combine(Path.GetFullPath(store.Value.DataDirectory), "arc"),
        string.IsNullOrWhiteSpace(auth.Value.ArcDomain) ? smtp.Value.EffectiveHostname.ToLowerInvariant() : auth.Value.ArcDomain.ToLowerInvariant(),
        auth.Value.ArcSelector));

    /// <summary>Whether messages are sealed (<c>DynamicMail:Auth:Enabled</c> and <c>:ArcSeal</c>).</summary>
    public bool Sealing => auth.Value.Enabled && auth.Value.ArcSeal;

    public ArcKey Current => _key.Value;
}
