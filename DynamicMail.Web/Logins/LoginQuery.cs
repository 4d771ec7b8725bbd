namespace DynamicMail.Web.Logins;

/// <summary>What a failed login's redirect carries back to the form, so the username is not typed again.</summary>
internal static class LoginQuery
{
    private const int MaxUsername = 100;

    /// <summary>"&amp;username=…" (escaped, cut to 100 characters), or nothing for an empty name.</summary>
    public static string Username(string? username) => string.IsNullOrEmpty(username)
        ? ""
        : "&username=" + Uri.EscapeDataString(username.Length > MaxUsername ? username[..MaxUsername] : username);
}
