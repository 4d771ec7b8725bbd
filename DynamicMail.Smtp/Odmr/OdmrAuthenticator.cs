using DynamicMail.Smtp.Domains;

namespace DynamicMail.Smtp.Odmr;

/// <summary>
/// Checks ODMR credentials against the current state of the domain (Rule 10). The login is the domain's username
/// (or <c>username@domain</c>, or the domain name) and its password; a disabled domain never logs in.
/// </summary>
internal sealed class OdmrAuthenticator(IDomainDirectory domains, ISecretProtector secrets)
{
    public CustomerDomain? CramMd5(string challenge, string user, string digest) =>
        Candidates(user).FirstOrDefault(d => secrets.Unprotect(d.OdmrSecret) is { } secret && Odmr.CramMd5.Verify(challenge, secret, digest));

    public CustomerDomain? Password(string user, string password) =>
        Candidates(user).FirstOrDefault(d => domains.Authenticate(d.Name, d.Username, password) is not null);

    /// <summary>The throttle key of the account <paramref name="user"/> names (the web login's key for that domain).</summary>
    public string AccountOf(string user)
    {
        var domain = Candidates(user).FirstOrDefault();
        return IAuthThrottle.CustomerAccount(domain, domain?.Name ?? user, domain?.Username ?? user);
    }

    private IEnumerable<CustomerDomain> Candidates(string user) => domains.All().Where(d => !d.Disabled && (
        string.Equals(d.Username, user, StringComparison.Ordinal)
        || string.Equals(d.Name, user, StringComparison.OrdinalIgnoreCase)
        || string.Equals($"{d.Username}@{d.Name}", user, StringComparison.OrdinalIgnoreCase)));
}
