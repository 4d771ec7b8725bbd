using System.Security.Cryptography;
using DynamicMail.Smtp.Domains;
using Microsoft.AspNetCore.DataProtection;

namespace DynamicMail.Web.Odmr;

/// <summary>Keeps the ODMR secret with ASP.NET Core Data Protection (keys in the data folder's <c>keys/</c>).</summary>
internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("DynamicMail.Odmr.Secret.v1");

    public string? Protect(string secret) => _protector.Protect(secret);

    public string? Unprotect(string? protectedSecret)
    {
        if (string.IsNullOrEmpty(protectedSecret))
        {
            return null;
        }
        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
