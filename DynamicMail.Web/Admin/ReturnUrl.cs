namespace DynamicMail.Web.Admin;

/// <summary>Where the operator login may send the browser back to: a console path, or else the dashboard.</summary>
internal static class ReturnUrl
{
    public const string Default = "/admin";

    /// <summary>
    /// <paramref name="url"/> when it is a plain path under /admin (printable ASCII, no backslash, no "//"), else
    /// <see cref="Default"/>. Control characters such as a tab (<c>/admin%09/evil</c>) would make browsers read
    /// the path differently, and made the redirect throw.
    /// </summary>
    public static string SafeAdmin(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2048 || url.Any(c => c is < '!' or > '~' or '\\'))
        {
            return Default;
        }
        var underAdmin = url == Default || url.StartsWith("/admin/", StringComparison.Ordinal) || url.StartsWith("/admin?", StringComparison.Ordinal);
        return underAdmin && !url.Contains("//", StringComparison.Ordinal) ? url : Default;
    }
}
