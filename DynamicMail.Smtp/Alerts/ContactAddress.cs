namespace DynamicMail.Smtp.Alerts;

/// <summary>Where a domain's contact address points, as the alerts and the console's warning see it.</summary>
public static class ContactAddress
{
    /// <summary>Whether <paramref name="address"/> belongs to <paramref name="domain"/> (or a subdomain): mail to it would only be queued here.</summary>
    public static bool IsInside(string? address, string? domain)
    {
        if (string.IsNullOrWhiteSpace(address) || string.IsNullOrWhiteSpace(domain))
        {
            return false;
        }
        domain = domain.Trim().TrimEnd('.');
        var at = address.LastIndexOf('@');
        var host = at < 0 ? "" : address[(at + 1)..].Trim().TrimEnd('.');
        return host.Equals(domain, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
    }
}
