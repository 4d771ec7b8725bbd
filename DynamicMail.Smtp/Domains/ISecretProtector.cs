namespace DynamicMail.Smtp.Domains;

/// <summary>
/// Encrypts a secret the server must be able to use again (the ODMR CRAM-MD5 key is the password itself, RFC 2195).
/// The web host implements it with ASP.NET Core Data Protection; without one, no such secret is kept.
/// </summary>
public interface ISecretProtector
{
    /// <summary>The protected form to store, or null when secrets cannot be kept.</summary>
    string? Protect(string secret);

    /// <summary>The secret again, or null when it cannot be read (no key, tampered, or none kept).</summary>
    string? Unprotect(string? protectedSecret);
}

/// <summary>Keeps nothing: CRAM-MD5 is then unavailable (AUTH PLAIN inside TLS still works).</summary>
internal sealed class NoSecretProtector : ISecretProtector
{
    public string? Protect(string secret) => null;

    public string? Unprotect(string? protectedSecret) => null;
}
